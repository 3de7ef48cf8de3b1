package org.secureta.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.secureta.srtp.CallAgentConfiguration;
import org.secureta.srtp.mikey.MikeyKeyManagement;
import org.secureta.srtp.sdes.SdesKeyManagement;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.SipResponse;
import org.secureta.transport.Transport;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.internal.ConfigProxies;
import org.secureta.transport.testsupport.UnitEvents;

/**
 * The call agent's pieces against an in-memory SIP transport ({@link FakeSipNetwork}), without
 * Kamailio: a third key management carrying a secure call, and what a hostile peer must not get
 * (a call without ACK, calls past the limits, media sent where it must not go, calls dropped or
 * renumbered by a reconfiguration).
 */
class CallAgentWithoutKamailioTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final FakeSipNetwork net = new FakeSipNetwork(Transport.TLS);
    private final List<CallAgent> agents = new ArrayList<>();

    @AfterEach
    void close() {
        agents.forEach(CallAgent::close);
        net.close();
    }

    private static CallAgentConfiguration config(Object... settings) {
        Map<String, Object> properties = new HashMap<>(Map.of("srtpBasePort", 0));
        for (int i = 0; i < settings.length; i += 2) {
            properties.put((String) settings[i], settings[i + 1]);
        }
        return ConfigProxies.of(CallAgentConfiguration.class, properties);
    }

    private CallAgent agent(FakeSipNetwork.End end, UnitEvents events, CallRegistry.Numbers numbers, Object... settings) {
        KeyManagements methods = Party.keyManagements(new SdesKeyManagement(), new MikeyKeyManagement(Map.of()), new TestOnlyKeyManagement());
        CallAgent agent = new CallAgent(end, config(settings), methods, events::post, CallAgent.MediaSettings.loopback(),
                LineOverrides.NONE, numbers, MediaEngines.NATIVE);
        agents.add(agent);
        return agent;
    }

    private CallAgent agent(FakeSipNetwork.End end, UnitEvents events, Object... settings) {
        return agent(end, events, new CallRegistry.Numbers(), settings);
    }

    private static UnitEvent awaitCall(UnitEvents events, String state) throws InterruptedException {
        return events.await(e -> e.kind().equals(UnitEvent.CALL) && state.equals(e.get("state")), WAIT);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A plain RTP offer whose audio goes to {@code connection} (the text after {@code c=}). */
    private static byte[] offer(String connection, int port) {
        return ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=" + connection + "\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\na=sendrecv\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private SipResponse invite(byte[] sdp) throws Exception {
        return net.a.sendRequest("1", OutgoingRequest.of("INVITE", "sip:b@fake.test").withBody("application/sdp", sdp))
                .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aThirdKeyManagementFromOutsideTheAgentCarriesASecureCallBothWays() throws Exception {
        UnitEvents callerEvents = new UnitEvents();
        UnitEvents calleeEvents = new UnitEvents();
        CallAgent caller = agent(net.a, callerEvents, "rtpMode", "Secure", "keyManagement", TestOnlyKeyManagement.NAME);
        CallAgent callee = agent(net.b, calleeEvents, "rtpMode", "Secure", "keyManagement", TestOnlyKeyManagement.NAME, "autoAnswer", true);

        String out = caller.call("1", "sip:b@fake.test");
        UnitEvent connected = awaitCall(callerEvents, "Connected");
        UnitEvent calleeConnected = awaitCall(calleeEvents, "Connected");
        String in = calleeConnected.get("call");
        assertEquals("yes", connected.get("secure"));
        // The caller's set-up time (INVITE to 2xx) is on its Connected event, for metrics (docs/events.md); the callee has none.
        assertEquals("out", connected.get("direction"));
        assertTrue(Long.parseLong(connected.get("setupMs")) >= 0, connected.toLine());
        assertEquals("in", calleeConnected.get("direction"));
        assertEquals(null, calleeConnected.get("setupMs"), calleeConnected.toLine());
        assertEquals(null, awaitCall(callerEvents, "Calling").get("setupMs"), "no set-up time before the answer");
        assertEquals(TestOnlyKeyManagement.NAME, connected.get("keyManagement"));
        assertEquals("AES_CM_128_HMAC_SHA1_80", connected.get("suite"));
        String offered = new String(net.b.await("INVITE", 5).body(), StandardCharsets.US_ASCII);
        assertTrue(offered.contains("m=audio") && offered.contains("RTP/SAVP") && offered.contains("a=x-test-key:"), offered);

        // Each side hears the other's tone: the SRTP of both directions authenticated and decrypted.
        await("both sides hear the tone", () -> caller.toneFrames(out) >= 25 && callee.toneFrames(in) >= 25);
        assertEquals(0, caller.status(out).orElseThrow().counters().authFailures());
        assertEquals(0, callee.status(in).orElseThrow().counters().authFailures());

        caller.hangup(out).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("remote hang-up", awaitCall(calleeEvents, "Ended").get("reason"));
    }

    @Test
    void theKeyAttributeARegisteredMethodDeclaresNeverReachesALog() {
        String key = "dGhpcmQtbWV0aG9kLWtleS1tYXRlcmlhbA";
        agent(net.a, new UnitEvents());
        // TestOnlyKeyManagement declares a=x-test-key: the agent's SDP models print it hidden.
        String logged = org.secureta.srtp.sdp.Attribute.of("x-test-key", key).toString();
        assertFalse(logged.contains(key), logged);
    }

    @Test
    void aKeyManagementThatIsNotRegisteredIsNamedWithThoseThatAre() throws Exception {
        CallAgent caller = agent(net.a, new UnitEvents(), "rtpMode", "Secure", "keyManagement", "Zrtp");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> caller.call("1", "sip:b@fake.test"));
        assertEquals("keyManagement 'Zrtp' (defaults) is not registered; available: [Mikey, Sdes, Xtest]", e.getMessage());
    }

    @Test
    void aMethodThatNeedsSecureSignallingIsNotOfferedOverUdp() throws Exception {
        try (FakeSipNetwork udp = new FakeSipNetwork(Transport.UDP)) {
            CallAgent caller = new CallAgent(udp.a, config("rtpMode", "Secure", "keyManagement", TestOnlyKeyManagement.NAME),
                    Party.keyManagements(new TestOnlyKeyManagement()), e -> { }, CallAgent.MediaSettings.loopback());
            agents.add(caller);
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> caller.call("1", "sip:b@fake.test"));
            assertEquals("keyManagement Xtest puts its keys readable in the SDP and needs TLS signalling; the transport is UDP", e.getMessage());
            assertTrue(udp.b.received.isEmpty(), "no INVITE went out");
        }
    }

    @Test
    void a2xxThatNeverGetsItsAckEndsWithAByeAfter64T1AndReleasesTheMedia() throws Exception {
        UnitEvents events = new UnitEvents();
        CallAgent callee = agent(net.b, events, "autoAnswer", true, "timerT1Millis", 50);
        net.a.dropAcks.set(true);
        try (DatagramSocket peer = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            SipResponse ok = invite(offer("IN IP4 127.0.0.1", peer.getLocalPort()));
            assertEquals(200, ok.statusCode());
            String id = awaitCall(events, "Connected").get("call");
            InetSocketAddress media = callee.localMedia(id);
            assertFalse(portIsFree(media), "the call holds its RTP port");

            long sent = System.nanoTime();
            net.a.await("BYE", 10);
            assertTrue(System.nanoTime() - sent >= TimeUnit.MILLISECONDS.toNanos(64 * 50 - 500), "not before 64*T1");
            UnitEvent ended = awaitCall(events, "Ended");
            assertEquals("no ACK within 3200 ms (RFC 3261 13.3.1.4)", ended.get("reason"));
            // The call's RTP socket is closed: its port can be bound again (once its receiver has left receive()).
            await("the call's RTP port is free again", () -> portIsFree(media));
        }
    }

    private static boolean portIsFree(InetSocketAddress address) {
        try (DatagramSocket again = new DatagramSocket(address)) {
            return again.getLocalPort() == address.getPort();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void agentsSharingAFleetsMediaSchedulerSendOnItAndLeaveItRunningWhenOneStops() throws Exception {
        java.util.concurrent.ScheduledExecutorService shared = java.util.concurrent.Executors.newScheduledThreadPool(1);
        try (DatagramSocket peer = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            UnitEvents events = new UnitEvents();
            KeyManagements methods = Party.keyManagements(new SdesKeyManagement());
            CallAgent callee = new CallAgent(net.b, config("autoAnswer", true), methods, events::post,
                    CallAgent.MediaSettings.loopback().withSharedScheduler(shared), LineOverrides.NONE, new CallRegistry.Numbers(),
                    MediaEngines.NATIVE);
            SipResponse ok = invite(offer("IN IP4 127.0.0.1", peer.getLocalPort()));
            assertEquals(200, ok.statusCode());
            ok.dialog().orElseThrow().sendAck("", new byte[0]);
            awaitCall(events, "Connected");
            peer.setSoTimeout((int) WAIT.toMillis());
            java.net.DatagramPacket frame = new java.net.DatagramPacket(new byte[1500], 1500);
            peer.receive(frame);
            assertEquals(0x80, frame.getData()[0] & 0xc0, "an RTP frame from the shared scheduler's sender");

            callee.close();
            assertFalse(shared.isShutdown(), "the other agents' media goes on");
        } finally {
            shared.shutdownNow();
        }
    }

    @Test
    void anAckedCallIsNotEnded() throws Exception {
        UnitEvents events = new UnitEvents();
        agent(net.b, events, "autoAnswer", true, "timerT1Millis", 50);
        SipResponse ok = invite(offer("IN IP4 127.0.0.1", 40000));
        ok.dialog().orElseThrow().sendAck("", new byte[0]);
        String id = awaitCall(events, "Connected").get("call");
        // Twice 64*T1 later, the call is still up.
        Thread.sleep(2 * 64 * 50);
        assertTrue(events.matching(e -> e.kind().equals(UnitEvent.CALL) && "Ended".equals(e.get("state"))).isEmpty(), id);
        assertTrue(net.a.received.stream().noneMatch(r -> r.method().equals("BYE")));
    }

    @Test
    void callsPastTheLineAndUnitLimitsAreRefusedWith486And503AndAnEvent() throws Exception {
        UnitEvents events = new UnitEvents();
        agent(net.b, events, "autoAnswer", true, "maxCallsPerLine", 1, "maxCalls", 2);
        SipResponse first = invite(offer("IN IP4 127.0.0.1", 40000));
        assertEquals(200, first.statusCode());
        first.dialog().orElseThrow().sendAck("", new byte[0]);

        SipResponse busy = invite(offer("IN IP4 127.0.0.1", 40002));
        assertEquals(486, busy.statusCode());
        UnitEvent refused = events.await(e -> e.kind().equals(UnitEvent.ERROR) && e.get("message").contains("486"), WAIT);
        assertEquals("call from sip:a@fake.test refused with 486 Busy Here: line 1 carries 1 calls, its limit (SecureTA.MaxCallsPerLine=1)",
                refused.get("message"));

        net.b.line = "2";
        SipResponse second = invite(offer("IN IP4 127.0.0.1", 40004));
        assertEquals(200, second.statusCode());
        second.dialog().orElseThrow().sendAck("", new byte[0]);
        net.b.line = "3";
        SipResponse unitFull = invite(offer("IN IP4 127.0.0.1", 40006));
        assertEquals(503, unitFull.statusCode());
        assertTrue(events.await(e -> e.kind().equals(UnitEvent.ERROR) && e.get("message").contains("503"), WAIT)
                .get("message").endsWith("the unit carries 2 calls, its limit (SecureTA.MaxCalls=2)"));
        assertEquals(2, events.matching(e -> e.kind().equals(UnitEvent.CALL) && "Connected".equals(e.get("state"))).size());
    }

    @Test
    void mediaAddressesTheUnitMustNotSendToAreRefusedWith488AndAReason() throws Exception {
        UnitEvents events = new UnitEvents();
        agent(net.b, events, "autoAnswer", true);
        Map<String, String> cases = Map.of(
                "IN IP4 224.0.0.1/127", "c= 224.0.0.1/127 is a multicast address; the unit's media is unicast",
                "IN IP4 255.255.255.255", "c= 255.255.255.255 is the broadcast address; the unit never sends media to it",
                "IN IP4 0.0.0.0", "c= 0.0.0.0 names no host (0.0.0.0 only means hold in a re-INVITE, RFC 3264 8.4)",
                "IN IP4 media.example.com", "c= media.example.com is a host name; the unit sends media to IP addresses only",
                "IN IP6 ::1", "c= IP6 ::1 on a unit whose media is IPv4");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            SipResponse response = invite(offer(c.getKey(), 40000));
            assertEquals(488, response.statusCode(), c.getKey());
            String reason = "488 Not Acceptable Here: " + c.getValue();
            events.await(e -> e.kind().equals(UnitEvent.CALL) && "Failed".equals(e.get("state")) && reason.equals(e.get("reason")), WAIT);
        }
        assertTrue(events.matching(e -> e.kind().equals(UnitEvent.CALL) && "Connected".equals(e.get("state"))).isEmpty());
    }

    @Test
    void aReinviteToZeroAddressHoldsTheCallRatherThanFailingIt() throws Exception {
        UnitEvents events = new UnitEvents();
        CallAgent callee = agent(net.b, events, "autoAnswer", true);
        SipResponse ok = invite(offer("IN IP4 127.0.0.1", 40000));
        ok.dialog().orElseThrow().sendAck("", new byte[0]);
        String id = awaitCall(events, "Connected").get("call");

        byte[] hold = new String(offer("IN IP4 0.0.0.0", 40000), StandardCharsets.US_ASCII).replace("o=- 1 1", "o=- 1 2")
                .getBytes(StandardCharsets.US_ASCII);
        SipResponse held = ok.dialog().orElseThrow().sendRequest(OutgoingRequest.of("INVITE", "").withBody("application/sdp", hold))
                .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, held.statusCode());
        ok.dialog().orElseThrow().sendAck("", new byte[0]);
        awaitCall(events, "OnHold");
        assertEquals(new InetSocketAddress("127.0.0.1", 40000), callee.peerMedia(id).orElseThrow(), "the old address is kept, unused");
    }

    @Test
    void aReconfigurationWaitsForTheCallsAndCallNumbersGoOnIncreasingAcrossAgents() throws Exception {
        UnitEvents events = new UnitEvents();
        CallRegistry.Numbers numbers = new CallRegistry.Numbers();
        CallAgent callee = agent(net.b, events, numbers, "autoAnswer", true);
        SipResponse ok = invite(offer("IN IP4 127.0.0.1", 40000));
        ok.dialog().orElseThrow().sendAck("", new byte[0]);
        String first = awaitCall(events, "Connected").get("call");

        assertFalse(callee.reconfigure(config("autoAnswer", true, "allowUnsecureT38", true)));
        events.await(e -> e.kind().equals("MEDIA") && "ConfigurationPending".equals(e.get("state")), WAIT);
        assertEquals(CallState.Connected, callee.status(first).orElseThrow().state(), "the call goes on");
        assertTrue(net.a.received.stream().noneMatch(r -> r.method().equals("BYE")));

        // The peer here answers nothing: the hang-up's BYE stays unanswered, the call ends anyway.
        callee.hangup(first);
        events.await(e -> e.kind().equals("MEDIA") && "Configured".equals(e.get("state"))
                && "applied after the last call ended".equals(e.get("message")), WAIT);

        // A restarted agent (new transport, new media address) ends its calls visibly and goes on counting.
        SipResponse second = invite(offer("IN IP4 127.0.0.1", 40002));
        second.dialog().orElseThrow().sendAck("", new byte[0]);
        String live = events.await(e -> e.kind().equals(UnitEvent.CALL) && "Connected".equals(e.get("state"))
                && !first.equals(e.get("call")), WAIT).get("call");
        callee.close("reconfigured: test");
        assertEquals("reconfigured: test", events.await(e -> e.kind().equals(UnitEvent.CALL) && "Ended".equals(e.get("state"))
                && live.equals(e.get("call")), WAIT).get("reason"));
        net.a.await("BYE", 5);
        agents.remove(callee);

        UnitEvents later = new UnitEvents();
        agent(net.b, later, numbers, "autoAnswer", true);
        invite(offer("IN IP4 127.0.0.1", 40004)).dialog().orElseThrow().sendAck("", new byte[0]);
        String third = awaitCall(later, "Connected").get("call");
        assertTrue(Long.parseLong(third) > Long.parseLong(live), third + " after " + live);
    }
}
