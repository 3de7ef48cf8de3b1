package org.secureta.transport;

import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Certificate material of the unit, supplied from outside the transport (the certificate
 * service registers one). The transport never checks certificates itself: every decision is
 * the trust manager's.
 *
 * <p>Contract with the trust manager: on a client connection the transport attaches the server
 * identity to expect to the socket ({@code pki.SocketServerIdentity}) before the handshake; the
 * handshake session's peer host (the configured host, without port) is only a fallback.
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
