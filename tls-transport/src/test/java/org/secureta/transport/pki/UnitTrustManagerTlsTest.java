package org.secureta.transport.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.secureta.transport.CertificateValidation;

/**
 * Real TLS over loopback: a JSSE server on 127.0.0.1, port 0, presents each certificate; the
 * client side is the unit's trust manager. What a user sees is the reason the link stays down.
 */
@Timeout(60)
class UnitTrustManagerTlsTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final ServerIdentity LOOPBACK_IP = ServerIdentity.of("127.0.0.1");

    private static CertificateKit kit;
    private static IssuedCertificate trustedCa;
    private static IssuedCertificate otherCa;
    private static IssuedCertificate goodServer;
    private static ExecutorService serverThreads;

    @BeforeAll
    static void createPki() throws Exception {
        kit = new CertificateKit(CLOCK);
        trustedCa = kit.certificateAuthority("Lab Root CA");
        otherCa = kit.certificateAuthority("Somebody Else's CA");
        goodServer = kit.server("proxy.lab", trustedCa, "127.0.0.1", "localhost");
        serverThreads = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stopThreads() {
        serverThreads.shutdownNow();
    }

    // ------------------------------------------------------------ unit as TLS client

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void goodChainWithIpSanComesUpUnderHostNameValidation(String protocol) throws Exception {
        UnitTrustManager trust = clientTrust(CertificateValidation.HostName, LOOPBACK_IP);
        assertEquals("up", connectTo(goodServer, trust, protocol));
        assertEquals(Optional.empty(), trust.lastFailure());
    }

    @Test
    void hostNameIsCheckedAgainstTheDnsSanLocalhostWhenTheSocketWasOpenedByThatName() throws Exception {
        UnitTrustManager trust = new UnitTrustManager(checker(CertificateValidation.HostName), ExpectedServer.peerHost());
        try (Server server = new Server(goodServer, null, false, "TLSv1.3")) {
            SSLContext context = context(null, trust);
            try (Socket plain = new Socket(LOOPBACK, server.port());
                 SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", server.port(), true)) {
                tls.setSoTimeout(10_000);
                tls.startHandshake();
                tls.getOutputStream().write('x');
                assertEquals('x', tls.getInputStream().read());
            }
            assertEquals("up", server.outcome());
        }
        assertEquals(Optional.empty(), trust.lastFailure());
    }

    @Test
    void theIdentityAttachedToTheSocketDecidesNotThePeerHost() throws Exception {
        // Opened as "localhost" (which the certificate names), but the unit expects another server:
        // the attached identity wins, so the handshake fails with HOST_MISMATCH.
        UnitTrustManager trust = new UnitTrustManager(checker(CertificateValidation.HostName), ExpectedServer.peerHost());
        try (Server server = new Server(goodServer, null, false, "TLSv1.3")) {
            SSLContext context = context(null, trust);
            try (Socket plain = new Socket(LOOPBACK, server.port());
                 SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", server.port(), true)) {
                SocketServerIdentity.attach(tls, ServerIdentity.of("proxy.elsewhere.example"));
                tls.setSoTimeout(10_000);
                assertThrows(IOException.class, tls::startHandshake);
            }
            server.outcome();
        }
        assertTrue(trust.lastFailure().orElseThrow().message().startsWith("HOST_MISMATCH"), trust.lastFailure().toString());
        assertTrue(trust.lastFailure().orElseThrow().message().endsWith("does not name proxy.elsewhere.example"), trust.lastFailure().toString());

        // And an attached identity the certificate does name passes, whatever name the socket was opened with.
        UnitTrustManager attachedOk = new UnitTrustManager(checker(CertificateValidation.HostName), ExpectedServer.peerHost());
        try (Server server = new Server(goodServer, null, false, "TLSv1.3")) {
            try (Socket plain = new Socket(LOOPBACK, server.port());
                 SSLSocket tls = (SSLSocket) context(null, attachedOk).getSocketFactory().createSocket(plain, "not-named.example", server.port(), true)) {
                SocketServerIdentity.attach(tls, LOOPBACK_IP);
                tls.setSoTimeout(10_000);
                tls.startHandshake();
                tls.getOutputStream().write('x');
                assertEquals('x', tls.getInputStream().read());
            }
            assertEquals("up", server.outcome());
        }
        assertEquals(Optional.empty(), attachedOk.lastFailure());
    }

    @Test
    void ecdsaChainComesUpToo() throws Exception {
        IssuedCertificate ecCa = kit.selfSigned(CertificateSpec.certificateAuthority("EC Lab CA").withKeyType(KeyType.EC_P256));
        IssuedCertificate ecServer = kit.issue(CertificateSpec.server("proxy.lab", "127.0.0.1").withKeyType(KeyType.EC_P256), ecCa);
        UnitTrustManager trust = new UnitTrustManager(
                new CertificateChecker(CertificateValidation.HostName, List.of(ecCa.certificate()), CLOCK), ExpectedServer.fixed(LOOPBACK_IP));
        assertEquals("up", connectTo(ecServer, trust, "TLSv1.3"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void expiredServerCertificateIsRefusedAsExpired(String protocol) throws Exception {
        IssuedCertificate expired = kit.issue(CertificateSpec.server("proxy.lab", "127.0.0.1")
                .withValidity(Validity.expiredSince(CLOCK, Duration.ofDays(1))), trustedCa);
        assertRefused(expired, CertificateValidation.HostName, CertificateFailure.EXPIRED, protocol);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void notYetValidServerCertificateIsRefusedAsNotYetValid(String protocol) throws Exception {
        IssuedCertificate early = kit.issue(CertificateSpec.server("proxy.lab", "127.0.0.1")
                .withValidity(Validity.startingIn(CLOCK, Duration.ofDays(1))), trustedCa);
        assertRefused(early, CertificateValidation.HostName, CertificateFailure.NOT_YET_VALID, protocol);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void leafFromAnotherCaIsRefusedAsUnknownCa(String protocol) throws Exception {
        assertRefused(kit.server("proxy.lab", otherCa, "127.0.0.1"), CertificateValidation.TrustedCertificate, CertificateFailure.UNKNOWN_CA, protocol);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void selfSignedLeafIsRefusedAsUnknownCa(String protocol) throws Exception {
        IssuedCertificate selfSigned = kit.selfSigned(CertificateSpec.server("proxy.lab", "127.0.0.1"));
        assertRefused(selfSigned, CertificateValidation.TrustedCertificate, CertificateFailure.UNKNOWN_CA, protocol);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void tamperedServerCertificateIsRefusedAsBadSignature(String protocol) throws Exception {
        IssuedCertificate tampered = CertificateKit.withBadSignature(kit.server("proxy.lab", trustedCa, "127.0.0.1"));
        assertRefused(tampered, CertificateValidation.HostName, CertificateFailure.BAD_SIGNATURE, protocol);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void certificateForAnotherHostIsRefusedAsHostMismatch(String protocol) throws Exception {
        IssuedCertificate wrongHost = kit.server("other.lab", trustedCa, "other.lab", "192.0.2.99");
        assertRefused(wrongHost, CertificateValidation.HostName, CertificateFailure.HOST_MISMATCH, protocol);
    }

    @Test
    void wrongHostIsAcceptedWhenOnlyTrustIsRequired() throws Exception {
        IssuedCertificate wrongHost = kit.server("other.lab", trustedCa, "other.lab");
        assertEquals("up", connectTo(wrongHost, clientTrust(CertificateValidation.TrustedCertificate, LOOPBACK_IP), "TLSv1.3"));
    }

    @Test
    void noValidationLetsEvenAnExpiredSelfSignedCertificateThrough() throws Exception {
        IssuedCertificate junk = kit.selfSigned(CertificateSpec.server("junk.lab").withValidity(Validity.expiredSince(CLOCK, Duration.ofDays(30))));
        assertEquals("up", connectTo(junk, clientTrust(CertificateValidation.NoValidation, LOOPBACK_IP), "TLSv1.3"));
    }

    @Test
    void lastFailureSurvivesALaterSuccessfulConnection() throws Exception {
        UnitTrustManager trust = clientTrust(CertificateValidation.HostName, LOOPBACK_IP);
        assertThrows(SSLHandshakeException.class, () -> connectTo(kit.server("other.lab", trustedCa), trust, "TLSv1.3"));
        assertEquals("up", connectTo(goodServer, trust, "TLSv1.3"));
        assertEquals(Optional.of(CertificateFailure.HOST_MISMATCH), trust.lastFailure().flatMap(CheckResult::failure));
    }

    // ------------------------------------------------------------ unit as TLS server with client authentication

    @Test
    void clientWithAHostCertificateFromTheTrustedCaIsAccepted() throws Exception {
        UnitTrustManager serverTrust = clientAuthTrust();
        IssuedCertificate peerUnit = kit.host("ta-peer", trustedCa, "127.0.0.1");
        try (Server server = new Server(goodServer, serverTrust, true, "TLSv1.3")) {
            assertEquals("up", clientHandshake(server, context(peerUnit, clientTrust(CertificateValidation.HostName, LOOPBACK_IP))));
            assertEquals("up", server.outcome());
        }
        assertEquals(Optional.empty(), serverTrust.lastFailure());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void clientWithAHostCertificateFromAnotherCaIsRefusedAsUnknownCa(String protocol) throws Exception {
        UnitTrustManager serverTrust = clientAuthTrust();
        IssuedCertificate stranger = kit.host("ta-stranger", otherCa, "127.0.0.1");
        try (Server server = new Server(goodServer, serverTrust, true, protocol)) {
            clientHandshakeIgnoringFailure(server, context(stranger, clientTrust(CertificateValidation.HostName, LOOPBACK_IP)));
            assertTrue(server.outcome().startsWith("failed: "), server.outcome());
        }
        assertEquals(Optional.of(CertificateFailure.UNKNOWN_CA), serverTrust.lastFailure().flatMap(CheckResult::failure));
    }

    @Test
    void clientWithoutCertificateIsRefusedAsNoCertificate() throws Exception {
        UnitTrustManager serverTrust = clientAuthTrust();
        try (Server server = new Server(goodServer, serverTrust, false, "TLSv1.3")) {
            server.wantClientAuthAndRequireItThroughTheTrustManager();
            clientHandshakeIgnoringFailure(server, context(null, clientTrust(CertificateValidation.HostName, LOOPBACK_IP)));
            assertTrue(server.outcome().startsWith("failed: NO_CERTIFICATE: client authentication"), server.outcome());
        }
        assertEquals(Optional.of(CertificateFailure.NO_CERTIFICATE), serverTrust.lastFailure().flatMap(CheckResult::failure));
    }

    // ------------------------------------------------------------ helpers

    private void assertRefused(IssuedCertificate presented, CertificateValidation level, CertificateFailure expected, String protocol) throws Exception {
        UnitTrustManager trust = clientTrust(level, LOOPBACK_IP);
        SSLHandshakeException refused = assertThrows(SSLHandshakeException.class, () -> connectTo(presented, trust, protocol));
        assertEquals(Optional.of(expected), trust.lastFailure().flatMap(CheckResult::failure), () -> "handshake error: " + refused);
        String message = trust.lastFailure().orElseThrow().message();
        assertTrue(message.startsWith(expected + ": "), message);
        assertTrue(String.valueOf(refused.getMessage()).contains(expected.name())
                || String.valueOf(refused.getCause()).contains(expected.name()), "the JSSE exception carries the reason: " + refused);
    }

    private static CertificateChecker checker(CertificateValidation level) {
        return new CertificateChecker(level, List.of(trustedCa.certificate()), CLOCK);
    }

    private static UnitTrustManager clientTrust(CertificateValidation level, ServerIdentity expected) {
        return new UnitTrustManager(checker(level), ExpectedServer.fixed(expected));
    }

    private static UnitTrustManager clientAuthTrust() {
        // The server-side level does not matter for clients: they are always checked as TrustedCertificate.
        return new UnitTrustManager(checker(CertificateValidation.HostName), ExpectedServer.fixed(LOOPBACK_IP));
    }

    private static SSLContext context(IssuedCertificate own, UnitTrustManager trust) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManager[] keys = own == null ? null : new KeyManager[] {KeyMaterial.keyManager(own)};
        context.init(keys, new TrustManager[] {trust}, new SecureRandom());
        return context;
    }

    /** Connects the unit's side to a server presenting the certificate; "up" or the handshake exception. */
    private String connectTo(IssuedCertificate presented, UnitTrustManager trust, String protocol) throws Exception {
        try (Server server = new Server(presented, null, false, protocol)) {
            try {
                return clientHandshake(server, context(null, trust));
            } finally {
                server.outcome();
            }
        }
    }

    private static String clientHandshake(Server server, SSLContext context) throws IOException {
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket()) {
            tls.connect(new InetSocketAddress(LOOPBACK, server.port()), 10_000);
            tls.setSoTimeout(10_000);
            tls.startHandshake();
            tls.getOutputStream().write('x');
            tls.getOutputStream().flush();
            if (tls.getInputStream().read() != 'x') {
                throw new IOException("no echo");
            }
            return "up";
        }
    }

    private static void clientHandshakeIgnoringFailure(Server server, SSLContext context) {
        try {
            clientHandshake(server, context);
        } catch (IOException expected) {
            // The server refuses the client; what matters is why, which the server side records.
        }
    }

    /** One TLS accept on 127.0.0.1, port 0: handshake, echo one byte, report "up" or "failed: ...". */
    private static final class Server implements AutoCloseable {
        private final SSLServerSocket socket;
        private final UnitTrustManager clientTrust;
        private volatile boolean requireThroughTrustManager;
        private Future<String> outcome;

        Server(IssuedCertificate presented, UnitTrustManager clientTrust, boolean needClientAuth, String protocol) throws Exception {
            this.clientTrust = clientTrust;
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {KeyMaterial.keyManager(presented)},
                    clientTrust == null ? null : new TrustManager[] {clientTrust}, new SecureRandom());
            socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1, LOOPBACK);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setNeedClientAuth(needClientAuth);
            socket.setSoTimeout(10_000);
            outcome = serverThreads.submit(this::serveOnce);
        }

        void wantClientAuthAndRequireItThroughTheTrustManager() {
            socket.setWantClientAuth(true);
            requireThroughTrustManager = true;
        }

        int port() {
            return socket.getLocalPort();
        }

        String outcome() throws Exception {
            return outcome.get(20, TimeUnit.SECONDS);
        }

        private String serveOnce() {
            try (SSLSocket accepted = (SSLSocket) socket.accept()) {
                accepted.setSoTimeout(10_000);
                accepted.startHandshake();
                if (requireThroughTrustManager) {
                    clientTrust.requireClientCertificate(accepted.getSession());
                }
                int b = accepted.getInputStream().read();
                accepted.getOutputStream().write(b);
                accepted.getOutputStream().flush();
                return b == 'x' ? "up" : "failed: no data";
            } catch (SSLPeerUnverifiedException e) {
                return "failed: " + e.getMessage();
            } catch (IOException e) {
                return "failed: " + e;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
