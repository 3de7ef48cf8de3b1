package org.secureta.transport.internal;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Passes every decision to the supplied trust manager and remembers why it refused a server,
 * so that the link status can say "certificate rejected: ..." instead of a bare handshake
 * failure.
 */
final class ObservingTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final TlsEndpoint endpoint;

    ObservingTrustManager(X509ExtendedTrustManager delegate, TlsEndpoint endpoint) {
        this.delegate = delegate;
        this.endpoint = endpoint;
    }

    /**
     * Bouncy Castle's JSSE (used for the key log) names the key exchange "KE:RSA", "KE:ECDHE_RSA";
     * trust managers written for the JDK know only the plain names.
     */
    private static String standard(String authType) {
        return authType != null && authType.startsWith("KE:") ? authType.substring(3) : authType;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, standard(authType), socket);
        } catch (CertificateException e) {
            if (socket != null && socket.getInetAddress() != null) {
                endpoint.failed(new InetSocketAddress(socket.getInetAddress(), socket.getPort()),
                        "server certificate rejected: " + e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkClientTrusted(chain, standard(authType), socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkClientTrusted(chain, standard(authType), engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkServerTrusted(chain, standard(authType), engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, standard(authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, standard(authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
