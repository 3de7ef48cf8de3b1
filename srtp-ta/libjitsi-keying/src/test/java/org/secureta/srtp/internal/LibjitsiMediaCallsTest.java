package org.secureta.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jitsi.service.libjitsi.LibJitsi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.srtp.CallAgentConfiguration;
import org.secureta.srtp.media.MediaCounters;
import org.secureta.transport.Transport;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.internal.ConfigProxies;
import org.secureta.transport.testsupport.UnitEvents;

/**
 * SecureTA.MediaEngine=Libjitsi against the unit's Native engine, over an in-memory SIP transport
 * (TLS): a unit whose calls run through libjitsi MediaStreams calls a native unit and back, with SDES
 * and with MIKEY, plain RTP too; each hears the other's tone after SRTP unprotection, with the same
 * counters. Key lifetimes are kept on the libjitsi path (renewal by re-INVITE, nothing expired), and
 * the T.38 policy is the agent's, whatever the engine. The same through real Kamailio and baresip:
 * {@code LibjitsiInteropTest}.
 */
class LibjitsiMediaCallsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final FakeSipNetwork net = new FakeSipNetwork(Transport.TLS);
    private final List<CallAgent> agents = new ArrayList<>();

    @BeforeAll
    static void startLibJitsi() {
        LibjitsiEngines.startLibJitsi();
    }

    @AfterAll
    static void stopLibJitsi() {
        LibJitsi.stop();
    }

    @AfterEach
    void close() {
        agents.forEach(CallAgent::close);
        net.close();
    }

    private static final class Unit {
        final CallAgent agent;
        final UnitEvents events;
        /** Events before this index belong to earlier calls. */
        int mark;

        Unit(CallAgent agent, UnitEvents events) {
            this.agent = agent;
            this.events = events;
        }

        String await(String state) throws InterruptedException {
            return events.awaitAfter(mark, e -> e.kind().equals(UnitEvent.CALL) && state.equals(e.get("state")), WAIT).get("call");
        }

        void nextCall() {
            mark = events.size();
        }

        MediaCounters counters(String call) {
            return agent.status(call).orElseThrow().counters();
        }
    }

    private Unit unit(FakeSipNetwork.End end, String engine, Object... settings) {
        Map<String, Object> properties = new HashMap<>(Map.of("srtpBasePort", 0, "autoAnswer", true, "mediaEngine", engine));
        for (int i = 0; i < settings.length; i += 2) {
            properties.put((String) settings[i], settings[i + 1]);
        }
        Object lifetime = properties.remove("keyLifetime");
        KeyManagements methods = Party.bothKeyManagements(lifetime == null ? "" : lifetime.toString());
        UnitEvents events = new UnitEvents();
        CallAgent agent = new CallAgent(end, ConfigProxies.of(CallAgentConfiguration.class, properties), methods, events::post,
                CallAgent.MediaSettings.loopback(), LineOverrides.NONE, LibjitsiEngines.both(methods));
        agents.add(agent);
        return new Unit(agent, events);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void sdesCallsFromLibjitsiToNativeAndBackCarryAudioThatDecryptsBothWays() throws Exception {
        talkBothWays("Sdes");
    }

    @Test
    void mikeyCallsFromLibjitsiToNativeAndBackCarryAudioThatDecryptsBothWays() throws Exception {
        talkBothWays("Mikey");
    }

    private void talkBothWays(String keyManagement) throws Exception {
        Unit libjitsi = unit(net.a, "Libjitsi", "rtpMode", "Secure", "keyManagement", keyManagement);
        Unit nativ = unit(net.b, "Native", "rtpMode", "Secure", "keyManagement", keyManagement);
        talk(libjitsi, "sip:b@fake.test", nativ, keyManagement, true);
        talk(nativ, "sip:a@fake.test", libjitsi, keyManagement, true);
    }

    /** Caller calls callee, both hear each other's tone with no refused packet, RTCP both ways; then hang-up. */
    private static void talk(Unit caller, String target, Unit callee, String keyManagement, boolean secure) throws Exception {
        caller.nextCall();
        callee.nextCall();
        String out = caller.agent.call("1", target);
        caller.await("Connected");
        String in = callee.await("Connected");
        CallStatus outgoing = caller.agent.status(out).orElseThrow();
        CallStatus incoming = callee.agent.status(in).orElseThrow();
        assertEquals(secure, outgoing.secure(), outgoing.describe());
        assertEquals(secure, incoming.secure(), incoming.describe());
        if (secure) {
            assertEquals(keyManagement, outgoing.keyManagement());
            assertEquals("AES_CM_128_HMAC_SHA1_80", outgoing.suite());
        }
        // Each side hears the other's tone: what it received was authenticated, decrypted and decoded.
        await("both sides hear the other's tone: " + caller.agent.status(out).orElseThrow().describe() + " / "
                + callee.agent.status(in).orElseThrow().describe(),
                () -> caller.counters(out).toneFrames() >= 25 && callee.counters(in).toneFrames() >= 25);
        // The RTCP sender reports (every 2 s) arrive and authenticate both ways too.
        await("RTCP both ways: " + caller.agent.status(out).orElseThrow().describe() + " / "
                + callee.agent.status(in).orElseThrow().describe(),
                () -> caller.counters(out).rtcpReceived() >= 1 && callee.counters(in).rtcpReceived() >= 1);
        for (CallStatus status : List.of(caller.agent.status(out).orElseThrow(), callee.agent.status(in).orElseThrow())) {
            MediaCounters c = status.counters();
            assertEquals(0, c.authFailures(), status.describe());
            assertEquals(0, c.replays(), status.describe());
            assertEquals(0, c.malformed(), status.describe());
            assertEquals(0, c.expired(), status.describe());
            assertTrue(c.sent() >= 25 && c.received() >= 25 && c.rtcpSent() >= 1, status.describe());
            assertTrue(status.describe().contains(" media=" + status.media()), status.describe());
        }
        assertEquals(caller.agent.status(out).orElseThrow().media().equals("Libjitsi") ? "Native" : "Libjitsi",
                callee.agent.status(in).orElseThrow().media(), "one side on each engine");
        caller.agent.hangup(out).toCompletableFuture().get(5, TimeUnit.SECONDS);
        callee.await("Ended");
    }

    @Test
    void aPlainCallBetweenTheEnginesCarriesAudioBothWays() throws Exception {
        Unit libjitsi = unit(net.a, "Libjitsi", "rtpMode", "Unsecure");
        Unit nativ = unit(net.b, "Native", "rtpMode", "Unsecure");
        talk(libjitsi, "sip:b@fake.test", nativ, "none", false);
    }

    @Test
    void keysOfSixtyFourPacketsAreRenewedOnTheLibjitsiPathBeforeTheyRunOutAndTheAudioGoesOn() throws Exception {
        // 2^6 packets = 1.28 s of audio: the libjitsi unit must ask for renewal (re-INVITE) in time, and
        // both sides must enforce the lifetimes they were told, or expired packets and lost tone show it.
        Unit libjitsi = unit(net.a, "Libjitsi", "rtpMode", "Secure", "keyManagement", "Sdes", "keyLifetime", "2^6");
        Unit nativ = unit(net.b, "Native", "rtpMode", "Secure", "keyManagement", "Sdes", "keyLifetime", "2^6");
        String out = libjitsi.agent.call("1", "sip:b@fake.test");
        String in = nativ.await("Connected");
        await("three renewals each way: " + libjitsi.agent.status(out).orElseThrow().describe() + " / "
                        + nativ.agent.status(in).orElseThrow().describe(),
                () -> libjitsi.counters(out).keyChanges() >= 3 && nativ.counters(in).keyChanges() >= 3);
        long libjitsiHeard = libjitsi.counters(out).toneFrames();
        long nativeHeard = nativ.counters(in).toneFrames();
        await("both still hear the tone after the renewals",
                () -> libjitsi.counters(out).toneFrames() - libjitsiHeard >= 40 && nativ.counters(in).toneFrames() - nativeHeard >= 40);
        for (CallStatus status : List.of(libjitsi.agent.status(out).orElseThrow(), nativ.agent.status(in).orElseThrow())) {
            assertEquals(0, status.counters().expired(), "no packet held back or refused for an exhausted key: " + status.describe());
            assertEquals(0, status.counters().authFailures(), status.describe());
            assertTrue(status.counters().sent() > 2 * 64, "more than two lifetimes sent: " + status.describe());
        }
        assertEquals("Libjitsi", libjitsi.agent.status(out).orElseThrow().media());
    }

    @Test
    void t38InASecureLibjitsiCallIsRefusedUnlessAllowedAsOnTheNativeEngine() throws Exception {
        Unit libjitsi = unit(net.a, "Libjitsi", "rtpMode", "Secure", "keyManagement", "Sdes");
        Unit nativ = unit(net.b, "Native", "rtpMode", "Secure", "keyManagement", "Sdes");
        String out = libjitsi.agent.call("1", "sip:b@fake.test");
        String in = nativ.await("Connected");
        // Mipt.AllowUnsecureT38WithSrtp=Disable (default): the peer's switch to T.38 is refused with the reject code.
        assertEquals(415, nativ.agent.switchToT38(in).toCompletableFuture().get(5, TimeUnit.SECONDS).statusCode());
        assertEquals("", libjitsi.agent.status(out).orElseThrow().t38(), "no UDPTL session was opened");
        long sent = libjitsi.counters(out).sent();
        await("the libjitsi unit goes on sending audio", () -> libjitsi.counters(out).sent() > sent + 10);

        Unit allowing = unit(net.a, "Libjitsi", "rtpMode", "Secure", "keyManagement", "Sdes", "allowUnsecureT38", true);
        libjitsi.agent.close();
        String out2 = nativ.agent.call("1", "sip:a@fake.test");
        String in2 = allowing.await("Connected");
        assertEquals(200, nativ.agent.switchToT38(out2).toCompletableFuture().get(5, TimeUnit.SECONDS).statusCode());
        await("the libjitsi unit stops its audio after the switch to T.38", () -> {
            long before = allowing.counters(in2).sent();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return allowing.counters(in2).sent() == before;
        });
        assertFalse(allowing.agent.status(in2).orElseThrow().t38().isEmpty(), "a UDPTL session answered the switch");
    }

    @Test
    void aNullCipherCallIsRefusedByTheLibjitsiUnitEitherWayAndNothingLeavesInClear() throws Exception {
        // jitsi-srtp cannot do NULL cipher with HMAC (MIKEY's Null encryption, the guide's debugging mode).
        Unit libjitsi = unit(net.b, "Libjitsi", "rtpMode", "Secure", "keyManagement", "Mikey", "rtpEncryption", "Null");
        Unit nativ = unit(net.a, "Native", "rtpMode", "Secure", "keyManagement", "Mikey", "rtpEncryption", "Null");
        nativ.agent.call("1", "sip:b@fake.test");
        UnitEvent refused = libjitsi.events.await(e -> e.kind().equals(UnitEvent.CALL) && "Failed".equals(e.get("state")), WAIT);
        assertTrue(refused.get("reason").startsWith("488 Not Acceptable Here: ") && refused.get("reason").contains("NULL cipher with HMAC"),
                refused.toLine());
        UnitEvent callerSaw = nativ.events.await(e -> e.kind().equals(UnitEvent.CALL) && "Failed".equals(e.get("state")), WAIT);
        assertEquals("488 Not Acceptable Here", callerSaw.get("reason"));

        libjitsi.nextCall();
        String out = libjitsi.agent.call("1", "sip:a@fake.test");
        UnitEvent failed = libjitsi.events.awaitAfter(libjitsi.mark, e -> e.kind().equals(UnitEvent.CALL) && "Failed".equals(e.get("state")), WAIT);
        assertTrue(failed.get("reason").startsWith("unusable answer: ") && failed.get("reason").contains("NULL cipher with HMAC"),
                failed.toLine());
        assertEquals(0, libjitsi.counters(out).sent(), "nothing was sent");
    }

    @Test
    void aUnitConfiguredForLibjitsiWithoutTheEngineRefusesTheCallNamingIt() {
        Map<String, Object> properties = Map.of("srtpBasePort", 0, "mediaEngine", "Libjitsi");
        CallAgent agent = new CallAgent(net.a, ConfigProxies.of(CallAgentConfiguration.class, properties), Party.bothKeyManagements(),
                e -> { }, CallAgent.MediaSettings.loopback(), LineOverrides.NONE, MediaEngines.NATIVE);
        agents.add(agent);
        IOException e = assertThrows(IOException.class, () -> agent.call("1", "sip:b@fake.test"));
        assertEquals("media engine Libjitsi (SecureTA.MediaEngine) is not available; available: [Native] "
                + "(Libjitsi needs the bundle org.secureta.libjitsi-keying active)", e.getMessage());
    }
}
