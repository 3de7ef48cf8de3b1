package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.secureta.transport.internal.SipUnit;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.HostilePeer;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.UnitResources;
import org.secureta.transport.testsupport.Units;

/**
 * A hostile peer, written here, against a unit's TLS server on loopback: RFC 4475-style torture
 * messages get the answer RFC 3261 asks for, over the connection they came on, and whatever the
 * peer did, the unit's connection threads and open files come back to their level.
 */
class HostilePeerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int MAX_MESSAGE_SIZE = 4096;
    private static TestCa ca;
    private static TestCa.Issued host;
    private static int securePort;
    private static UnitEvents events;
    private static SipUnit unit;
    private UnitResources level;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create("SecureTA test CA");
        host = ca.issue("unit", List.of("localhost"), List.of("127.0.0.1"));
        securePort = FreePorts.tcpAndUdp();
        events = new UnitEvents();
        unit = unit(securePort).with("maxMessageSize", MAX_MESSAGE_SIZE).start(events);
        answering(unit);
    }

    @AfterAll
    static void stop() {
        if (unit != null) {
            unit.close();
        }
    }

    private static Units unit(int port) throws Exception {
        return Units.tls(ca.credentials(host))
                .with("persistentBasePort", FreePorts.persistentBase())
                .receivingGateway("trunk", 0, port)
                .quietLine("1", "301", "trunk");
    }

    /** Answers like the call agent: INVITE and MESSAGE with 200, anything else with 405. */
    private static void answering(SipUnit sip) {
        sip.addListener(new SipTransportListener() {
            @Override
            public void requestReceived(IncomingRequest request) {
                switch (request.method()) {
                    case "ACK" -> { }
                    case "INVITE", "MESSAGE", "BYE" -> request.respond(200, "OK");
                    default -> request.respond(405, "Method Not Allowed");
                }
            }
        });
    }

    @BeforeEach
    void level() throws Exception {
        // One exchange first, so that the level includes what the first connection loads for good.
        try (HostilePeer peer = HostilePeer.tls(ca, securePort)) {
            assertEquals(200, peer.send(request("OPTIONS", peer.localPort()).text()).finalAnswer().status());
        }
        level = UnitResources.awaitLevel(UnitResources.now(), Duration.ofMillis(500));
    }

    @AfterEach
    void backToLevel() throws Exception {
        UnitResources after = UnitResources.awaitLevel(level, WAIT);
        assertTrue(after.within(level), "threads and files back to " + level + ", now " + after);
        // And the unit still answers.
        try (HostilePeer peer = HostilePeer.tls(ca, securePort)) {
            assertEquals(200, peer.send(request("OPTIONS", peer.localPort()).text()).finalAnswer().status());
        }
    }

    // ---------------------------------------------------------------- protocol strictness

    @Test
    void aRequestUriWithAnUnknownSchemeGets416() throws Exception {
        HostilePeer.Answer answer = exchange(peer -> request("OPTIONS", peer).uri("unknownscheme:unknownuserinfo@example.net"));
        assertEquals(416, answer.status());
    }

    @Test
    void requireOfAnUnknownExtensionGets420NamingIt() throws Exception {
        HostilePeer.Answer answer = exchange(peer -> request("INVITE", peer).header("Require: nothingsupportsthis, nothingsupportsthiseither"));
        assertEquals(420, answer.status());
        assertEquals(List.of("nothingsupportsthis", "nothingsupportsthiseither"), answer.values("Unsupported"));
    }

    @Test
    void twoDifferentContentLengthsCloseTheConnection() throws Exception {
        try (HostilePeer peer = HostilePeer.tls(ca, securePort)) {
            peer.send(request("MESSAGE", peer.localPort()).header("Content-Length: 4").header("Content-Length: 12")
                    .body("text/plain", "hello world!").text());
            assertTrue(peer.closedByUnit(WAIT), "connection closed");
        }
    }

    @Test
    void anInviteWithDuplicateCallIdCseqFromOrToGets400() throws Exception {
        for (String duplicate : List.of("Call-ID: other@hostile", "CSeq: 2 INVITE", "From: <sip:other@127.0.0.1>;tag=x2",
                "To: <sip:other@127.0.0.1>")) {
            HostilePeer.Answer answer = exchange(peer -> request("INVITE", peer).header(duplicate).sdp());
            assertEquals(400, answer.status(), duplicate);
            String name = duplicate.substring(0, duplicate.indexOf(':'));
            assertTrue(answer.reason().contains(name), answer.reason());
        }
    }

    @Test
    void aBodyThatIsNotSdpGets415WithAccept() throws Exception {
        for (String type : List.of("application/unknownformat", "text/plain")) {
            HostilePeer.Answer answer = exchange(peer -> request("INVITE", peer).body(type, Message.SDP));
            assertEquals(415, answer.status(), type);
            assertEquals(List.of("application/sdp"), answer.values("Accept"));
        }
    }

    @Test
    void anAcceptWithoutSdpGets406() throws Exception {
        HostilePeer.Answer answer = exchange(peer -> request("INVITE", peer).header("Accept: text/nonsense").sdp());
        assertEquals(406, answer.status());
    }

    @Test
    void anAcceptWithSdpIsServed() throws Exception {
        HostilePeer.Answer answer = exchange(peer -> request("INVITE", peer).header("Accept: text/html, application/sdp").sdp());
        assertEquals(200, answer.status());
    }

    @Test
    void sip7Gets505() throws Exception {
        HostilePeer.Answer answer = exchange(peer -> request("OPTIONS", peer).version("SIP/7.0"));
        assertEquals(505, answer.status());
    }

    @Test
    void aTopViaOfUdpOrOfAnUnknownTransportIsAnsweredOverTheSameConnection() throws Exception {
        for (String transport : List.of("UDP", "FOO")) {
            HostilePeer.Answer answer = exchange(peer -> request("OPTIONS", peer).via("SIP/2.0/" + transport + " 127.0.0.1:" + peer));
            assertEquals(400, answer.status(), transport);
            assertTrue(answer.reason().contains(transport), answer.reason());
        }
    }

    @Test
    void a405CarriesAllow() throws Exception {
        HostilePeer.Answer answer = exchange(peer -> request("SUBSCRIBE", peer).header("Event: presence"));
        assertEquals(405, answer.status());
        assertTrue(answer.values("Allow").containsAll(List.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS")), answer.headers().toString());
        HostilePeer.Answer options = exchange(peer -> request("OPTIONS", peer));
        assertTrue(options.values("Allow").contains("INVITE"), options.headers().toString());
    }

    @Test
    void aRequestReusingTheBranchOfAnInviteAwaitingItsAckIsAnswered() throws Exception {
        try (HostilePeer peer = HostilePeer.tls(ca, securePort)) {
            Message invite = request("INVITE", peer.localPort()).sdp();
            assertEquals(200, peer.send(invite.text()).finalAnswer().status());
            // No ACK: the INVITE awaits it. RFC 3261 17.2.3: a request of another method with the
            // same branch is not part of that transaction.
            Message options = request("OPTIONS", peer.localPort()).branch(invite.branch);
            peer.send(options.text());
            // The unit keeps sending the INVITE's 200 until an ACK (RFC 3261 13.3.1.4); the OPTIONS
            // must be answered long before the 32 s the INVITE transaction would last.
            peer.socket().setSoTimeout(5000);
            HostilePeer.Answer answer = peer.finalAnswer();
            while (answer.header("CSeq").orElseThrow().endsWith("INVITE")) {
                answer = peer.finalAnswer();
            }
            assertEquals("1 OPTIONS", answer.header("CSeq").orElseThrow());
            // RFC 3261 8.1.1.7: a branch is unique to its transaction; JAIN-SIP cannot run a second one under it.
            assertEquals(400, answer.status());
            assertTrue(answer.reason().contains("branch"), answer.reason());
        }
    }

    // ---------------------------------------------------------------- via reflection

    @Test
    void aResponseNeverGoesToTheViaSentBy() throws Exception {
        try (ServerSocket elsewhere = new ServerSocket()) {
            elsewhere.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            elsewhere.setSoTimeout(1000);
            try (HostilePeer peer = HostilePeer.tls(ca, securePort)) {
                HostilePeer.Answer answer = peer.send(request("OPTIONS", peer.localPort())
                        .via("SIP/2.0/TLS 127.0.0.2:" + elsewhere.getLocalPort()).text()).finalAnswer();
                assertEquals(200, answer.status(), "answered over the connection the request came on");
            }
            // The peer hangs up before the answer: the unit must not reconnect to the Via.
            for (String sentBy : List.of("127.0.0.2:" + elsewhere.getLocalPort(), "reflect.invalid:" + elsewhere.getLocalPort())) {
                HostilePeer peer = HostilePeer.tls(ca, securePort);
                peer.send(request("INVITE", peer.localPort()).via("SIP/2.0/TLS " + sentBy).sdp().text());
                peer.close();
            }
            // Whatever the unit tries for those two happens within its transaction; a minute would be far too long a wait.
            try {
                elsewhere.accept().close();
                throw new AssertionError("the unit connected to the address in a Via");
            } catch (SocketTimeoutException expected) {
                // nobody came
            }
        }
    }

    // ---------------------------------------------------------------- limits

    @Test
    void aMessageOverTheSizeLimitGets413AndItsBodyIsNeverRead() throws Exception {
        int before = events.size();
        try (HostilePeer peer = HostilePeer.tls(ca, securePort)) {
            // 64 MiB announced, none sent: the answer comes without the unit waiting for (or holding) the body.
            peer.send(request("MESSAGE", peer.localPort()).header("Content-Type: text/plain")
                    .header("Content-Length: " + (64 << 20)).headOnly());
            assertEquals(413, peer.finalAnswer().status());
            assertTrue(peer.closedByUnit(WAIT), "connection closed: its framing is lost");
        }
        UnitEvent limit = events.awaitAfter(before, limit("maxMessageSize"), WAIT);
        assertEquals(Integer.toString(MAX_MESSAGE_SIZE), limit.get("max"));
    }

    @Test
    void aMessageOfExactlyTheLimitIsServedAndTheStreamStaysFramed() throws Exception {
        try (HostilePeer peer = HostilePeer.tls(ca, securePort)) {
            Message message = request("MESSAGE", peer.localPort()).body("text/plain", "");
            int head = message.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            // The Content-Length digits grow with the body: 4 digits instead of "0".
            String body = "x".repeat(MAX_MESSAGE_SIZE - head - 3);
            message.body("text/plain", body);
            assertEquals(MAX_MESSAGE_SIZE, message.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            assertEquals(200, peer.send(message.text()).finalAnswer().status());
            assertEquals(200, peer.send(request("OPTIONS", peer.localPort()).text()).finalAnswer().status(), "next message framed");
        }
    }

    @Test
    void aHeaderSectionOverTheSizeLimitClosesTheConnection() throws Exception {
        int before = events.size();
        try (HostilePeer peer = HostilePeer.tls(ca, securePort)) {
            Message message = request("OPTIONS", peer.localPort());
            for (int i = 0; i < MAX_MESSAGE_SIZE / 40 + 1; i++) {
                message.header("X-Filler-" + i + ": " + "x".repeat(40));
            }
            peer.send(message.headOnly().replace("\r\n\r\n", "\r\n"));
            assertTrue(peer.closedByUnit(WAIT), "connection closed");
        }
        events.awaitAfter(before, limit("maxMessageSize"), WAIT);
    }

    @Test
    void inboundConnectionsPastTheLimitAreClosedAtOnce() throws Exception {
        int port = FreePorts.tcpAndUdp();
        UnitEvents own = new UnitEvents();
        try (SipUnit limited = unit(port).with("maxInboundConnections", 3).start(own)) {
            answering(limited);
            try (HostilePeer peer = HostilePeer.tls(ca, port)) {
                assertEquals(200, peer.send(request("OPTIONS", peer.localPort()).uriPort(port).text()).finalAnswer().status());
            }
            UnitResources ownLevel = UnitResources.awaitLevel(UnitResources.now(), Duration.ofMillis(500));
            List<HostilePeer> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    idle.add(HostilePeer.tls(ca, port));
                }
                try (HostilePeer fourth = HostilePeer.tcp(port)) {
                    assertTrue(fourth.endsWithin(WAIT), "the fourth connection is closed");
                }
                UnitEvent refused = own.await(limit("inboundConnections"), WAIT);
                assertEquals("3", refused.get("max"));
                assertTrue(UnitResources.now().connectionThreads() <= ownLevel.connectionThreads() + 3,
                        "one thread per admitted connection at most (its reader parses too): " + UnitResources.now());
            } finally {
                for (HostilePeer peer : idle) {
                    peer.close();
                }
            }
            // Once they are gone, a new connection is served.
            UnitResources after = UnitResources.awaitLevel(ownLevel, WAIT);
            assertTrue(after.within(ownLevel), "back to " + ownLevel + ", now " + after);
            try (HostilePeer peer = HostilePeer.tls(ca, port)) {
                assertEquals(200, peer.send(request("OPTIONS", peer.localPort()).uriPort(port).text()).finalAnswer().status());
            }
        }
    }

    @Test
    void aConnectionThatNeverSendsAClientHelloIsClosedAfterTheHandshakeTimeout() throws Exception {
        int port = FreePorts.tcpAndUdp();
        UnitEvents own = new UnitEvents();
        try (SipUnit limited = unit(port).with("tlsHandshakeTimeout", 1).start(own)) {
            try (HostilePeer silent = HostilePeer.tcp(port)) {
                // The unit may say why in a TLS alert before it closes.
                assertTrue(silent.endsWithin(WAIT), "closed");
            }
            assertEquals("1", own.await(limit("tlsHandshakeTimeout"), WAIT).get("max"));
        }
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        int port = FreePorts.tcpAndUdp();
        UnitEvents own = new UnitEvents();
        try (SipUnit limited = unit(port).with("inboundIdleTimeout", 1).with("tlsHandshakeTimeout", 5).start(own)) {
            answering(limited);
            try (HostilePeer peer = HostilePeer.tls(ca, port)) {
                assertEquals(200, peer.send(request("OPTIONS", peer.localPort()).uriPort(port).text()).finalAnswer().status());
                assertTrue(peer.closedByUnit(WAIT), "closed after a second of silence");
            }
            assertEquals("1", own.await(limit("inboundIdleTimeout"), WAIT).get("max"));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Predicate<UnitEvent> limit(String name) {
        return event -> event.kind().equals("LIMIT") && name.equals(event.get("limit")) && "Refused".equals(event.get("state"));
    }

    private interface Builder {
        Message build(int peerPort);
    }

    /** Sends one message on a new connection and returns the final answer. */
    private static HostilePeer.Answer exchange(Builder builder) throws Exception {
        try (HostilePeer peer = HostilePeer.tls(ca, securePort)) {
            return peer.send(builder.build(peer.localPort()).text()).finalAnswer();
        }
    }

    private static Message request(String method, int peerPort) {
        return new Message(method, peerPort);
    }

    /** A request as text, with every part a test may spoil. */
    static final class Message {
        static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        final String method;
        final int peerPort;
        final String callId = UUID.randomUUID() + "@hostile";
        String branch = "z9hG4bK-" + UUID.randomUUID();
        String uri;
        String version = "SIP/2.0";
        String via;
        final List<String> headers = new ArrayList<>();
        String contentType = "";
        String body = "";

        Message(String method, int peerPort) {
            this.method = method;
            this.peerPort = peerPort;
            this.uri = "sip:301@127.0.0.1:" + securePort;
            this.via = "SIP/2.0/TLS 127.0.0.1:" + peerPort;
        }

        Message uri(String value) {
            uri = value;
            return this;
        }

        Message uriPort(int port) {
            uri = "sip:301@127.0.0.1:" + port;
            return this;
        }

        Message version(String value) {
            version = value;
            return this;
        }

        Message via(String value) {
            via = value;
            return this;
        }

        Message branch(String value) {
            branch = value;
            return this;
        }

        Message header(String line) {
            headers.add(line);
            return this;
        }

        Message body(String type, String text) {
            contentType = type;
            body = text;
            return this;
        }

        Message sdp() {
            return body("application/sdp", SDP);
        }

        private String commonHead(String requestMethod, String cseqMethod) {
            StringBuilder text = new StringBuilder(requestMethod + " " + uri + " " + version + "\r\n");
            text.append("Via: ").append(via).append(";branch=").append(branch).append("\r\n");
            text.append("Max-Forwards: 70\r\n");
            text.append("From: <sip:hostile@127.0.0.1>;tag=hostile1\r\n");
            text.append("To: <sip:301@127.0.0.1>\r\n");
            text.append("Call-ID: ").append(callId).append("\r\n");
            text.append("CSeq: 1 ").append(cseqMethod).append("\r\n");
            text.append("Contact: <sip:hostile@127.0.0.1:").append(peerPort).append(";transport=tls>\r\n");
            return text.toString();
        }

        /** Start line and headers as given (Content-Length only if a test wrote one), no body. */
        String headOnly() {
            StringBuilder text = new StringBuilder(commonHead(method, method));
            headers.forEach(h -> text.append(h).append("\r\n"));
            return text.append("\r\n").toString();
        }

        String text() {
            StringBuilder text = new StringBuilder(commonHead(method, method));
            headers.forEach(h -> text.append(h).append("\r\n"));
            if (!contentType.isEmpty()) {
                text.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (headers.stream().noneMatch(h -> h.toLowerCase().startsWith("content-length:"))) {
                text.append("Content-Length: ").append(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).append("\r\n");
            }
            return text.append("\r\n").append(body).toString();
        }
    }
}
