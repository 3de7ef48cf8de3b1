package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.secureta.transport.testsupport.UnitEvents.link;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.internal.SipUnit;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * Two units back to back, no proxy (the guide's section 2.3 case): the one with a Host
 * certificate is a TLS server on its gateway's SecurePort; with client authentication on, it
 * serves only peers that present a certificate it trusts.
 */
class TlsServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestCa ca;
    private static TestCa.Issued calleeCertificate;
    private static TestCa.Issued callerCertificate;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCa.create("SecureTA test CA");
        calleeCertificate = ca.issue("callee unit", List.of("localhost"), List.of("127.0.0.1"));
        callerCertificate = ca.issue("caller unit", List.of(), List.of("127.0.0.1"));
    }

    private static SipUnit callee(int securePort, boolean clientAuthentication, BlockingQueue<IncomingRequest> received) throws Exception {
        SipUnit unit = Units.tls(ca.credentials(calleeCertificate))
                .with("persistentBasePort", FreePorts.persistentBase())
                .with("clientAuthentication", clientAuthentication)
                .receivingGateway("trunk", 0, securePort)
                .quietLine("1", "301", "trunk")
                .start(new UnitEvents());
        unit.addListener(new SipTransportListener() {
            @Override
            public void requestReceived(IncomingRequest request) {
                received.add(request);
                request.respond(200, "OK");
            }
        });
        return unit;
    }

    private static Units caller(int securePort, TestCa.Issued certificate) throws Exception {
        return Units.tls(ca.credentials(certificate))
                .with("persistentBasePort", FreePorts.persistentBase())
                .gateway("peer", "127.0.0.1:" + securePort)
                .quietLine("1", "300", "peer");
    }

    private static OutgoingRequest message(int securePort) {
        return OutgoingRequest.of("MESSAGE", "sip:301@127.0.0.1:" + securePort)
                .withBody("text/plain", "hello".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aUnitWithAHostCertificateServesRequestsOnItsSecurePort() throws Exception {
        int securePort = FreePorts.tcpAndUdp();
        BlockingQueue<IncomingRequest> received = new LinkedBlockingQueue<>();
        UnitEvents events = new UnitEvents();
        try (SipUnit callee = callee(securePort, false, received); SipUnit caller = caller(securePort, null).start(events)) {
            events.await(link("peer", "Up"), WAIT);

            SipResponse answer = caller.sendRequest("1", message(securePort)).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertEquals(200, answer.statusCode());
            IncomingRequest request = received.poll(5, TimeUnit.SECONDS);
            assertEquals(Transport.TLS, request.transport());
            assertEquals("hello", new String(request.body(), StandardCharsets.US_ASCII));
            assertEquals("1", request.line().orElseThrow());
        }
    }

    /**
     * A unit closed and started again (a configuration change, a certificate upload) binds its
     * SecurePort again at once: closing a TLS server returns only once its port is free, though
     * one thread accepts for every unit in the JVM.
     */
    @Test
    void aUnitStartedAgainAtOnceServesOnTheSameSecurePort() throws Exception {
        int securePort = FreePorts.tcpAndUdp();
        BlockingQueue<IncomingRequest> received = new LinkedBlockingQueue<>();
        callee(securePort, false, received).close();
        UnitEvents events = new UnitEvents();
        try (SipUnit callee = callee(securePort, false, received); SipUnit caller = caller(securePort, null).start(events)) {
            events.await(link("peer", "Up"), WAIT);

            SipResponse answer = caller.sendRequest("1", message(securePort)).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertEquals(200, answer.statusCode());
            assertEquals("hello", new String(received.poll(5, TimeUnit.SECONDS).body(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void withClientAuthenticationAPeerWithoutCertificateIsRefused() throws Exception {
        int securePort = FreePorts.tcpAndUdp();
        BlockingQueue<IncomingRequest> received = new LinkedBlockingQueue<>();
        UnitEvents events = new UnitEvents();
        try (SipUnit callee = callee(securePort, true, received); SipUnit caller = caller(securePort, null).start(events)) {
            UnitEvent down = events.await(link("peer", "Down"), WAIT);
            assertTrue(down.get("reason").contains("TLS") || down.get("reason").contains("closed"), down.get("reason"));

            // Refused at once, not at the transaction timeout (Timer F, 32 s): see the test below.
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> caller.sendRequest("1", message(securePort)).toCompletableFuture().get(10, TimeUnit.SECONDS));

            assertInstanceOf(SipTransportException.class, failure.getCause());
            assertEquals(List.of(), List.copyOf(received));
        }
    }

    /**
     * A server that resets the connection in the middle of the handshake (as one refusing the
     * unit's certificate may, before the unit reads its alert): the request fails at once with
     * the reason, rather than at Timer F 32 s later. JAIN-SIP reports only an SSLHandshakeException
     * as a failed send; the JDK reports a reset as a plain SocketException.
     */
    @Test
    void aServerResettingTheConnectionDuringTheHandshakeFailsTheRequestAtOnce() throws Exception {
        try (java.net.ServerSocket resetting = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                while (!resetting.isClosed()) {
                    try (java.net.Socket s = resetting.accept()) {
                        s.getInputStream().read(new byte[64]);
                        s.setSoLinger(true, 0);
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            int port = resetting.getLocalPort();
            UnitEvents events = new UnitEvents();
            try (SipUnit caller = caller(port, null).start(events)) {
                events.await(link("peer", "Down"), WAIT);
                ExecutionException failure = assertThrows(ExecutionException.class,
                        () -> caller.sendRequest("1", message(port)).toCompletableFuture().get(10, TimeUnit.SECONDS));
                assertInstanceOf(SipTransportException.class, failure.getCause());
            }
        }
    }

    @Test
    void withClientAuthenticationAPeerWithATrustedCertificateIsServed() throws Exception {
        int securePort = FreePorts.tcpAndUdp();
        BlockingQueue<IncomingRequest> received = new LinkedBlockingQueue<>();
        UnitEvents events = new UnitEvents();
        try (SipUnit callee = callee(securePort, true, received); SipUnit caller = caller(securePort, callerCertificate).start(events)) {
            events.await(link("peer", "Up"), WAIT);

            SipResponse answer = caller.sendRequest("1", message(securePort)).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertEquals(200, answer.statusCode());
            assertEquals("MESSAGE", received.poll(5, TimeUnit.SECONDS).method());
        }
    }
}
