package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

import org.junit.jupiter.api.Test;
import org.secureta.transport.internal.SipUnit;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.HostilePeer;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * The unit's own link to its proxy, with a hostile server at the other end: what the server sends
 * over the link passes the same stream screen as what a peer sends to the unit's TLS server, so
 * an oversized request gets 413 and the connection closed, instead of JAIN-SIP buffering up to its
 * backstop of twice the limit.
 */
class HostileProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void anOversizedRequestOverTheUnitsLinkGets413AndTheLinkIsClosed() throws Exception {
        TestCa ca = TestCa.create("SecureTA test CA");
        TestCa.Issued proxyCertificate = ca.issue("proxy", List.of("localhost"), List.of("127.0.0.1"));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {TestCa.keyManager(proxyCertificate, ca.certificate())}, null, null);
        try (SSLServerSocket proxy = (SSLServerSocket) context.getServerSocketFactory().createServerSocket()) {
            proxy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            proxy.setSoTimeout((int) WAIT.toMillis());
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = Units.tls(ca.credentials(null))
                    .with("persistentBasePort", FreePorts.persistentBase())
                    .gateway("gw", "127.0.0.1:" + proxy.getLocalPort())
                    .line("1", "100", "secret", "gw")
                    .start(events);
                 HostilePeer link = HostilePeer.accepted(proxy.accept())) {
                String register = link.nextHead();
                assertTrue(register.startsWith("REGISTER "), register);
                // A MESSAGE announcing 64 MiB, and the body begun, streamed from one 64 KiB buffer.
                String head = "MESSAGE sip:100@127.0.0.1:" + unit.localPort() + ";transport=tls SIP/2.0\r\n"
                        + "Via: SIP/2.0/TLS 127.0.0.1:" + proxy.getLocalPort() + ";branch=z9hG4bK-" + UUID.randomUUID() + "\r\n"
                        + "Max-Forwards: 70\r\n"
                        + "From: <sip:hostile@127.0.0.1>;tag=proxy1\r\n"
                        + "To: <sip:100@127.0.0.1>\r\n"
                        + "Call-ID: " + UUID.randomUUID() + "@proxy\r\n"
                        + "CSeq: 1 MESSAGE\r\n"
                        + "Content-Type: text/plain\r\n"
                        + "Content-Length: " + (64 << 20) + "\r\n\r\n";
                ExecutorService writer = Executors.newSingleThreadExecutor();
                try {
                    Future<Long> written = writer.submit(() -> link.sendStreaming(head, 64L << 20));
                    String answer = link.nextHead();
                    // The unit may have sent a request (a REGISTER retry) before; the answer is the first response.
                    while (!answer.startsWith("SIP/2.0 ")) {
                        answer = link.nextHead();
                    }
                    assertTrue(answer.startsWith("SIP/2.0 413 "), answer);
                    assertTrue(answer.contains("CSeq: 1 MESSAGE"), answer);
                    assertTrue(link.closedByUnit(WAIT), "the link is closed: its framing is lost");
                    assertTrue(written.get(WAIT.toSeconds(), TimeUnit.SECONDS) < (64L << 20), "the unit stopped the body");
                } finally {
                    writer.shutdownNow();
                }
                UnitEvent limit = events.await(event -> event.kind().equals("LIMIT") && "maxMessageSize".equals(event.get("limit")), WAIT);
                assertEquals("65536", limit.get("max"));
                assertTrue(limit.get("message").contains("127.0.0.1:" + proxy.getLocalPort()), limit.toLine());
            }
        }
    }
}
