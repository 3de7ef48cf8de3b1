package org.secureta.transport;

import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Certificate material of the unit, supplied from outside the transport (the certificate
 * service registers one). The transport never checks certificates itself: every decision is
 * the trust manager's.
 *
 * <p>Contract with the trust manager: on a client connection the handshake session's peer host
 * ({@code SSLSocket.getHandshakeSession().getPeerHost()}) is the server host exactly as
 * configured for the gateway (without port), so that HostName validation can match it.
 */
public interface TlsCredentials {

    /**
     * Checks servers the unit connects to (SipEp.InteropTlsCertificateValidation) and clients
     * of the unit's TLS server when client authentication is on.
     */
    X509ExtendedTrustManager trustManager();

    /**
     * The unit's own ("Host") certificate and key: needed for the TLS server (SecurePort) and
     * for mutual TLS as a client. {@code null} if the unit has none.
     */
    X509ExtendedKeyManager keyManager();
}
