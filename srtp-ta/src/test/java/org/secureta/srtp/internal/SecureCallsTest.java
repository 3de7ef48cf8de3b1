package org.secureta.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.transport.testsupport.TestCa;

/**
 * Two units call each other through a real Kamailio over TLS with SRTP keyed by SDES or MIKEY:
 * each sends a tone (caller 1 kHz, callee 440 Hz), and each must detect the other's tone after
 * unprotecting what it receives: the audio decrypts. tshark shows what the wire carries.
 */
class SecureCallsTest {

    private static TestCa ca;
    private static Kamailio kamailio;

    @BeforeAll
    static void startKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA call tests CA");
        Kamailio.Options options = new Kamailio.Options();
        for (int user = 300; user < 320; user++) {
            options.user(Integer.toString(user), "pw" + user);
        }
        kamailio = Kamailio.start(ca, options);
    }

    @AfterAll
    static void stopKamailio() {
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private static Map<String, Object> secure(String keyManagement, String encryption) {
        return Map.of("rtpMode", "Secure", "keyManagement", keyManagement, "rtpEncryption", encryption, "autoAnswer", true);
    }

    @Test
    void anSdesCallCarriesAudioThatDecryptsBothWaysAndIsNotPlainOnTheWire() throws Exception {
        try (Party caller = Party.start(ca, kamailio, "300", secure("Sdes", "AesCm128"));
             Party callee = Party.start(ca, kamailio, "301", secure("Sdes", "AesCm128"))) {
            UnitEvent connected = connect(caller, callee);

            assertEquals("yes", connected.get("secure"));
            assertEquals("Sdes", connected.get("keyManagement"));
            assertEquals("AES_CM_128_HMAC_SHA1_80", connected.get("suite"));
            assertAudioBothWays(caller, callee);
            assertWireShare(callee, caller, 1000, false);
            hangUp(caller, callee);
        }
    }

    @Test
    void aMikeyCallWithAPreSharedKeyAndAesCarriesAudioThatDecryptsBothWaysAndIsNotPlainOnTheWire() throws Exception {
        try (Party caller = Party.start(ca, kamailio, "302", secure("Mikey", "AesCm128"));
             Party callee = Party.start(ca, kamailio, "303", secure("Mikey", "AesCm128"))) {
            UnitEvent connected = connect(caller, callee);

            assertEquals("yes", connected.get("secure"));
            assertEquals("Mikey", connected.get("keyManagement"));
            assertEquals("AES_CM_128_HMAC_SHA1_80", connected.get("suite"));
            assertAudioBothWays(caller, callee);
            assertWireShare(callee, caller, 1000, false);
            hangUp(caller, callee);
        }
    }

    @Test
    void aMikeyCallWithNullEncryptionAuthenticatesAudioThatTravelsReadable() throws Exception {
        try (Party caller = Party.start(ca, kamailio, "304", secure("Mikey", "Null"));
             Party callee = Party.start(ca, kamailio, "305", secure("Mikey", "Null"))) {
            UnitEvent connected = connect(caller, callee);

            assertEquals("NULL_HMAC_SHA1_80", connected.get("suite"), "the guide's debugging mode: authenticated, not encrypted");
            assertAudioBothWays(caller, callee);
            assertWireShare(callee, caller, 1000, true);
            hangUp(caller, callee);
        }
    }

    /** Caller calls callee (auto-answer); returns the caller's Connected event. */
    static UnitEvent connect(Party caller, Party callee) throws Exception {
        caller.agent.call("1", callee.uriAt(kamailio));
        UnitEvent connected = caller.awaitCall("Connected");
        callee.awaitCall("Connected");
        return connected;
    }

    static void assertAudioBothWays(Party caller, Party callee) throws InterruptedException {
        String out = caller.callIn("Connected");
        String in = callee.callIn("Connected");
        long callerHeard = Audio.awaitTone(caller, out, Party.WAIT);
        long calleeHeard = Audio.awaitTone(callee, in, Party.WAIT);
        assertTrue(callerHeard >= Audio.ENOUGH_TONE_FRAMES, "caller heard the callee's 440 Hz in " + callerHeard + " frames: "
                + caller.agent.status(out).orElseThrow().describe());
        assertTrue(calleeHeard >= Audio.ENOUGH_TONE_FRAMES, "callee heard the caller's 1 kHz in " + calleeHeard + " frames: "
                + callee.agent.status(in).orElseThrow().describe());
        CallStatus status = caller.agent.status(out).orElseThrow();
        assertEquals(0, status.counters().authFailures(), status.describe());
        assertEquals(0, status.counters().replays(), status.describe());
    }

    /** Captures what reaches {@code receiver}'s RTP port: the sender's tone is readable only when {@code readable}. */
    static void assertWireShare(Party receiver, Party sender, double senderTone, boolean readable) throws Exception {
        if (!LoopbackCapture.available()) {
            System.out.println(LoopbackCapture.NOT_INSTALLED);
            return;
        }
        int port = receiver.agent.mediaPort(receiver.callIn("Connected"));
        List<byte[]> packets;
        try (LoopbackCapture capture = LoopbackCapture.udpTo(port)) {
            Thread.sleep(1000);
            packets = capture.stop();
        }
        assertTrue(packets.size() >= 20, "tshark captured " + packets.size() + " RTP packets to port " + port);
        double share = Audio.toneShare(packets, senderTone);
        if (readable) {
            assertTrue(share > 0.9, "the tone is readable on the wire in " + share + " of the packets");
        } else {
            assertTrue(share < 0.05, "the tone is readable on the wire in " + share + " of the packets: not encrypted");
        }
    }

    static void hangUp(Party caller, Party callee) throws Exception {
        String id = caller.callIn("Connected");
        assertEquals(200, caller.agent.hangup(id).toCompletableFuture().get().statusCode());
        caller.awaitCall("Ended");
        UnitEvent ended = callee.awaitCall("Ended");
        assertEquals("remote hang-up", ended.get("reason"));
    }
}
