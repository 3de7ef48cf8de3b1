package org.secureta.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashMap;
import java.util.Map;

import org.jitsi.service.libjitsi.LibJitsi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.transport.testsupport.TestCa;

/**
 * SecureTA.MediaEngine=Libjitsi with real parts: units registered over TLS with a real Kamailio,
 * a libjitsi-media unit calls a native-media unit and back with SDES and with MIKEY, and a
 * libjitsi-media unit and a real baresip call each other (SDES). Every side must detect the other's
 * tone after SRTP unprotection, with 0 authentication failures; tshark (when installed) shows that
 * the libjitsi unit's audio is not readable on the wire.
 */
class LibjitsiInteropTest {

    private static TestCa ca;
    private static Kamailio kamailio;

    @BeforeAll
    static void start() throws Exception {
        if (!Kamailio.installed()) {
            System.out.println("SKIPPED LibjitsiInteropTest: " + Kamailio.NOT_INSTALLED);
        }
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        LibjitsiEngines.startLibJitsi();
        ca = TestCa.create("SecureTA libjitsi interop CA");
        Kamailio.Options options = new Kamailio.Options();
        for (int user = 820; user < 840; user++) {
            options.user(Integer.toString(user), "pw" + user);
        }
        kamailio = Kamailio.start(ca, options);
    }

    @AfterAll
    static void stop() {
        if (kamailio != null) {
            kamailio.close();
            LibJitsi.stop();
        }
    }

    private static Party party(String user, String engine, String keyManagement) throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of("rtpMode", "Secure", "keyManagement", keyManagement, "autoAnswer", true,
                "mediaEngine", engine));
        return Party.start(ca, kamailio, user, settings, LibjitsiEngines.both(Party.bothKeyManagements()));
    }

    @Test
    void sdesLibjitsiUnitCallsNativeUnitAndBackThroughKamailio() throws Exception {
        talkBothWays("820", "821", "Sdes");
    }

    @Test
    void mikeyLibjitsiUnitCallsNativeUnitAndBackThroughKamailio() throws Exception {
        talkBothWays("822", "823", "Mikey");
    }

    private static void talkBothWays(String libjitsiUser, String nativeUser, String keyManagement) throws Exception {
        try (Party libjitsi = party(libjitsiUser, "Libjitsi", keyManagement);
             Party nativ = party(nativeUser, "Native", keyManagement)) {
            talk(libjitsi, nativ, keyManagement);
            assertWire(nativ, libjitsi, 1000);
            hangUp(libjitsi, nativ);
            talk(nativ, libjitsi, keyManagement);
            assertWire(nativ, libjitsi, 440);
            hangUp(nativ, libjitsi);
        }
    }

    /** Waits for the Connected events after {@code from} of each party. */
    private static void talk(Party caller, Party callee, String keyManagement) throws Exception {
        int callerMark = caller.events.size();
        int calleeMark = callee.events.size();
        String id = caller.agent.call("1", callee.uriAt(kamailio));
        UnitEvent connected = caller.events.awaitAfter(callerMark, Party.call("Connected"), Party.WAIT);
        String in = callee.events.awaitAfter(calleeMark, Party.call("Connected"), Party.WAIT).get("call");
        assertEquals("yes", connected.get("secure"));
        assertEquals(keyManagement, connected.get("keyManagement"));
        assertEquals("AES_CM_128_HMAC_SHA1_80", connected.get("suite"));
        assertHears(caller, id);
        assertHears(callee, in);
    }

    private static void assertHears(Party party, String call) throws InterruptedException {
        long heard = Audio.awaitTone(party, call, Party.WAIT);
        CallStatus status = party.agent.status(call).orElseThrow();
        assertTrue(heard >= Audio.ENOUGH_TONE_FRAMES, party.user + " heard the other side's tone in " + heard + " frames: " + status.describe());
        assertEquals(0, status.counters().authFailures(), status.describe());
        assertEquals(0, status.counters().replays(), status.describe());
    }

    /** tshark on the native unit's RTP port: what the libjitsi unit sends is not readable as the tone. */
    private static void assertWire(Party nativ, Party libjitsi, double libjitsiTone) throws Exception {
        if (!LoopbackCapture.available()) {
            System.out.println(LoopbackCapture.NOT_INSTALLED);
            return;
        }
        String call = nativ.agent.calls().stream().filter(c -> c.state() == CallState.Connected).findFirst().orElseThrow().id();
        int port = nativ.agent.mediaPort(call);
        java.util.List<byte[]> packets;
        try (LoopbackCapture capture = LoopbackCapture.udpTo(port)) {
            Thread.sleep(1000); // one second of the libjitsi unit's audio on the wire
            packets = capture.stop();
        }
        assertTrue(packets.size() >= 20, "tshark captured " + packets.size() + " RTP packets to port " + port);
        double share = Audio.toneShare(packets, libjitsiTone);
        assertTrue(share < 0.05, "the libjitsi unit's tone is readable on the wire in " + share + " of the packets: not encrypted");
    }

    private static void hangUp(Party caller, Party callee) throws Exception {
        int calleeMark = callee.events.size();
        String id = caller.agent.calls().stream().filter(c -> c.state() == CallState.Connected).findFirst().orElseThrow().id();
        assertEquals(200, caller.agent.hangup(id).toCompletableFuture().get().statusCode());
        callee.events.awaitAfter(calleeMark, Party.call("Ended"), Party.WAIT);
    }

    @Test
    void libjitsiUnitCallsBaresipAndHearsItsToneThroughSrtp() throws Exception {
        assumeBaresip();
        try (Party unit = party("830", "Libjitsi", "Sdes");
             Baresip baresip = Baresip.start(ca, kamailio, "831", 440)) {
            awaitBinding("831", baresip);
            String id = unit.agent.call("1", "sip:831@" + kamailio.hostPort());
            UnitEvent connected = unit.events.await(e -> Party.call("Connected").test(e) || Party.call("Failed").test(e), Party.WAIT);
            assertEquals("Connected", connected.get("state"), connected.toLine() + "\n" + baresip.log());
            assertEquals("yes", connected.get("secure"));
            assertEquals("Libjitsi", unit.agent.status(id).orElseThrow().media());
            long heard = Audio.awaitTone(unit, id, Party.WAIT);
            assertTrue(heard >= Audio.ENOUGH_TONE_FRAMES, "baresip's 440 Hz decrypted in " + heard + " frames: "
                    + unit.agent.status(id).orElseThrow().describe() + "\n" + baresip.log());
            assertEquals(0, unit.agent.status(id).orElseThrow().counters().authFailures());
            unit.agent.hangup(id).toCompletableFuture().get();
        }
    }

    @Test
    void baresipCallsLibjitsiUnitWhichHearsItsToneThroughSrtp() throws Exception {
        assumeBaresip();
        try (Party unit = party("832", "Libjitsi", "Sdes");
             Baresip baresip = Baresip.start(ca, kamailio, "833", 1000, "/dial sip:832@" + kamailio.hostPort())) {
            UnitEvent connected = unit.events.await(e -> Party.call("Connected").test(e) || Party.call("Failed").test(e),
                    Party.WAIT.multipliedBy(2));
            assertEquals("Connected", connected.get("state"), connected.toLine() + "\n" + baresip.log());
            assertEquals("yes", connected.get("secure"));
            String id = connected.get("call");
            assertEquals("Libjitsi", unit.agent.status(id).orElseThrow().media());
            long heard = Audio.awaitTone(unit, id, Party.WAIT);
            assertTrue(heard >= Audio.ENOUGH_TONE_FRAMES, "baresip's 1 kHz decrypted in " + heard + " frames: "
                    + unit.agent.status(id).orElseThrow().describe() + "\n" + baresip.log());
            assertEquals(0, unit.agent.status(id).orElseThrow().counters().authFailures());
            unit.agent.hangup(id).toCompletableFuture().get();
        }
    }

    private static void assumeBaresip() {
        if (!Baresip.installed()) {
            System.out.println("SKIPPED: " + Baresip.NOT_INSTALLED);
        }
        assumeTrue(Baresip.installed(), Baresip.NOT_INSTALLED);
    }

    private static void awaitBinding(String user, Baresip baresip) throws Exception {
        long deadline = System.nanoTime() + Party.WAIT.toNanos();
        while (kamailio.bindings(user).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("baresip did not register: " + baresip.log());
            }
            Thread.sleep(100);
        }
    }
}
