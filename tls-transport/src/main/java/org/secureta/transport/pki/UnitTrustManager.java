package org.secureta.transport.pki;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Puts the unit's {@link CertificateChecker} into JSSE. As TLS client it checks the server at the
 * configured level; as TLS server with client authentication it checks the client as
 * TrustedCertificate. A refusal throws a CertificateException whose message starts with the
 * reason (e.g. "HOST_MISMATCH: ...") and is remembered, so the transport can show why a link is
 * down in its status and syslog even though JSSE only reports a handshake failure.
 *
 * <p>The server identity expected on a socket is the one attached to it with
 * {@link SocketServerIdentity#attach} when it was created; only a socket without one falls back
 * to the {@link ExpectedServer} given here.
 *
 * <p>Being an X509ExtendedTrustManager, JSSE does no host name check of its own on top: the
 * checker's level alone decides, which is what NoValidation needs.
 */
public final class UnitTrustManager extends X509ExtendedTrustManager {

    private final CertificateChecker checker;
    private final ExpectedServer expectedServer;
    private final AtomicReference<CheckResult> lastFailure = new AtomicReference<>();

    public UnitTrustManager(CertificateChecker checker, ExpectedServer expectedServer) {
        this.checker = Objects.requireNonNull(checker, "checker");
        this.expectedServer = Objects.requireNonNull(expectedServer, "expectedServer");
    }

    /** The most recent refusal, kept until the next one (a later success does not clear it). */
    public Optional<CheckResult> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    public CertificateChecker checker() {
        return checker;
    }

    /**
     * The same trust anchors and level, checking dates against {@code unitClock} and expecting
     * the server {@code expected} names: how the transport applies its trusted time and, for
     * DnsSrvResponse, the SRV targets it resolved.
     */
    public UnitTrustManager forTransport(Clock unitClock, ExpectedServer expected) {
        return new UnitTrustManager(checker.withClock(unitClock), expected);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        Optional<ServerIdentity> attached = SocketServerIdentity.of(socket);
        if (attached.isPresent()) {
            enforce(checker.checkServer(asList(chain), attached.get()));
            return;
        }
        // A socket created without an attached identity: fall back to the name it was opened with.
        String peerHost = null;
        if (socket instanceof SSLSocket ssl) {
            SSLSession session = ssl.getHandshakeSession();
            peerHost = session != null ? session.getPeerHost() : null;
        }
        checkServer(chain, peerHost);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServer(chain, engine == null ? null : engine.getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkServer(chain, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClient(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClient(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkClient(chain);
    }

    /**
     * For a server socket in "want client auth" mode: JSSE lets a client without certificate
     * through, and in "need client auth" mode it refuses one before asking this trust manager,
     * so neither case would be remembered. Calling this after the handshake refuses such a client
     * the unit's way, recording NO_CERTIFICATE.
     */
    public void requireClientCertificate(SSLSession session) throws SSLPeerUnverifiedException {
        try {
            session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            CheckResult result = checker.checkClient(List.of());
            lastFailure.set(result);
            throw new SSLPeerUnverifiedException(result.message());
        }
    }

    /** The trusted CAs, sent in a CertificateRequest so clients pick a matching certificate. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return checker.trustAnchors().toArray(X509Certificate[]::new);
    }

    private void checkServer(X509Certificate[] chain, String peerHost) throws CertificateException {
        enforce(checker.checkServer(asList(chain), expectedServer.identify(peerHost)));
    }

    private void checkClient(X509Certificate[] chain) throws CertificateException {
        enforce(checker.checkClient(asList(chain)));
    }

    private void enforce(CheckResult result) throws CertificateException {
        if (!result.isOk()) {
            lastFailure.set(result);
            throw new CertificateException(result.message());
        }
    }

    private static List<X509Certificate> asList(X509Certificate[] chain) {
        return chain == null ? List.of() : Arrays.asList(chain);
    }
}
