package org.secureta.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.secureta.transport.testsupport.UnitEvents.link;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.secureta.transport.IncomingRequest;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.SipTransportListener;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * Every SIP connection of a unit has TCP_NODELAY: a message is written whole, and Nagle's
 * algorithm would hold a 200 OK behind a 180 until the peer's delayed ACK (about 40 ms a call).
 * Checked on both ends of a persistent link: the caller's opened socket and the callee's accepted one.
 */
class TcpNoDelayTest {

    @Test
    void theLinkAUnitOpensAndTheConnectionItAcceptsBothHaveTcpNoDelay() throws Exception {
        TestCa ca = TestCa.create("SecureTA test CA");
        TestCa.Issued callee = ca.issue("callee", List.of("localhost"), List.of("127.0.0.1"));
        int securePort = FreePorts.tcpAndUdp();
        UnitEvents events = new UnitEvents();
        try (SipUnit server = Units.tls(ca.credentials(callee)).with("persistentBasePort", FreePorts.persistentBase())
                .receivingGateway("trunk", 0, securePort).quietLine("1", "301", "trunk").start(new UnitEvents());
             SipUnit client = Units.tls(ca.credentials(null)).with("persistentBasePort", FreePorts.persistentBase())
                .gateway("peer", "127.0.0.1:" + securePort).quietLine("1", "300", "peer").start(events)) {
            server.addListener(new SipTransportListener() {
                @Override
                public void requestReceived(IncomingRequest request) {
                    request.respond(200, "OK");
                }
            });
            events.await(link("peer", "Up"), Duration.ofSeconds(10));
            OutgoingRequest message = OutgoingRequest.of("MESSAGE", "sip:301@127.0.0.1:" + securePort)
                    .withBody("text/plain", "hello".getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, client.sendRequest("1", message).toCompletableFuture().get(10, TimeUnit.SECONDS).statusCode());

            SSLSocket opened = client.tlsEndpoint().orElseThrow()
                    .newestConnection(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), securePort)).orElseThrow();
            assertTrue(opened.getTcpNoDelay(), "the caller's link");
            List<SSLSocket> accepted = server.tlsEndpoint().orElseThrow().inbound.open();
            assertFalse(accepted.isEmpty(), "the callee accepted the link");
            for (SSLSocket socket : accepted) {
                assertTrue(socket.getTcpNoDelay(), "the callee's accepted connection " + socket);
            }
        }
    }
}
