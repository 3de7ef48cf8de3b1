package org.secureta.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.transport.testsupport.TestCa;

/**
 * How two units' security settings meet, through a real Kamailio over TLS: the guide's MIKEY/SDES
 * mismatch (3.4), Secure against Unsecure, SecureWithFallback, hold and resume, CANCEL, T.38.
 */
class CallNegotiationTest {

    private static TestCa ca;
    private static Kamailio kamailio;
    private static int nextUser = 400;

    @BeforeAll
    static void startKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA negotiation tests CA");
        Kamailio.Options options = new Kamailio.Options();
        for (int user = 400; user < 440; user++) {
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

    private static Party party(Object... settings) throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of("autoAnswer", true));
        for (int i = 0; i < settings.length; i += 2) {
            properties.put((String) settings[i], settings[i + 1]);
        }
        return Party.start(ca, kamailio, Integer.toString(nextUser++), properties);
    }

    private static boolean isMismatchLine(UnitEvent e) {
        return e.kind().equals(UnitEvent.ERROR) && "SdpTools".equals(e.get("source"));
    }

    @Test
    void anSdesOfferToAMikeyUnitIsRefusedWith415AndTheGuidesSyslogLineAndNoMediaFlows() throws Exception {
        try (Party caller = party("rtpMode", "Secure", "keyManagement", "Sdes");
             Party callee = party("rtpMode", "Secure", "keyManagement", "Mikey")) {
            caller.agent.call("1", callee.uriAt(kamailio));

            UnitEvent failed = caller.awaitCall("Failed");
            assertEquals("415 Unsupported Media Type", failed.get("reason"));
            UnitEvent error = callee.events.await(CallNegotiationTest::isMismatchLine, Party.WAIT);
            String refused = callee.awaitCall("Failed").get("call");
            assertEquals(Map.of("source", "SdpTools", "state", "Warning", "code", "D3A2",
                    "message", "Received the wrong key management protocol. Secure stream disabled.", "call", refused), error.attributes());
            assertTrue(error.toLine().endsWith(" ERROR source=SdpTools state=Warning code=D3A2 "
                    + "message=\"Received the wrong key management protocol. Secure stream disabled.\" call=" + refused), error.toLine());
            assertEquals("0", failed.get("sent"), "no media before an answer");
            assertEquals("0", callee.awaitCall("Failed").get("received"));
        }
    }

    @Test
    void aMikeyOfferToAnSdesUnitConfiguredFor488IsRefusedWith488AndTheSameLine() throws Exception {
        try (Party caller = party("rtpMode", "Secure", "keyManagement", "Mikey");
             Party callee = party("rtpMode", "Secure", "keyManagement", "Sdes", "rejectCodeForUnsupportedOffer", 488)) {
            caller.agent.call("1", callee.uriAt(kamailio));

            assertEquals("488 Not Acceptable Here", caller.awaitCall("Failed").get("reason"));
            assertEquals("D3A2", callee.events.await(CallNegotiationTest::isMismatchLine, Party.WAIT).get("code"));
        }
    }

    @Test
    void aSecureUnitAndAnUnsecureUnitCannotCallEachOtherEitherWay() throws Exception {
        try (Party secure = party("rtpMode", "Secure", "keyManagement", "Sdes");
             Party plain = party("rtpMode", "Unsecure")) {
            secure.agent.call("1", plain.uriAt(kamailio));
            assertEquals("415 Unsupported Media Type", secure.awaitCall("Failed").get("reason"), "an Unsecure unit refuses RTP/SAVP");

            plain.agent.call("1", secure.uriAt(kamailio));
            assertEquals("415 Unsupported Media Type", plain.events.await(e -> Party.call("Failed").test(e)
                    && e.get("reason").startsWith("415"), Party.WAIT).get("reason"), "a Secure unit refuses plain RTP/AVP");
            assertTrue(secure.events.matching(CallNegotiationTest::isMismatchLine).isEmpty(), "no key-management mismatch here");
        }
    }

    @Test
    void aSecureWithFallbackUnitCallsAnUnsecureUnitInPlainRtpAndTheToneIsReadableOnTheWire() throws Exception {
        try (Party caller = party("rtpMode", "SecureWithFallback", "keyManagement", "Sdes");
             Party callee = party("rtpMode", "Unsecure")) {
            caller.agent.call("1", callee.uriAt(kamailio));

            UnitEvent connected = caller.awaitCall("Connected");
            assertEquals("no", connected.get("secure"));
            SecureCallsTest.assertAudioBothWays(caller, callee);
            SecureCallsTest.assertWireShare(callee, caller, 1000, true);
        }
    }

    @Test
    void aSecureWithFallbackUnitAnswersAPlainOfferInPlainAndASecureOneSecurely() throws Exception {
        try (Party plain = party("rtpMode", "Unsecure");
             Party fallback = party("rtpMode", "SecureWithFallback", "keyManagement", "Mikey");
             Party secure = party("rtpMode", "Secure", "keyManagement", "Mikey")) {
            plain.agent.call("1", fallback.uriAt(kamailio));
            assertEquals("no", plain.awaitCall("Connected").get("secure"));

            secure.agent.call("1", fallback.uriAt(kamailio));
            assertEquals("yes", secure.awaitCall("Connected").get("secure"));
            SecureCallsTest.assertAudioBothWays(secure, fallback);
        }
    }

    @Test
    void holdStopsTheAudioAndResumeBringsItBackWithTheSameSdesKeysUnderKeep() throws Exception {
        holdAndResume("Sdes", "Keep");
    }

    @Test
    void holdAndResumeWithNewSdesKeysUnderRegenerate() throws Exception {
        holdAndResume("Sdes", "Regenerate");
    }

    @Test
    void holdAndResumeOfAMikeyCallUnderKeepDoNotRunMikeyAgain() throws Exception {
        holdAndResume("Mikey", "Keep");
    }

    @Test
    void holdAndResumeOfAMikeyCallUnderRegenerateRunMikeyAgain() throws Exception {
        holdAndResume("Mikey", "Regenerate");
    }

    private void holdAndResume(String keyManagement, String updateMode) throws Exception {
        try (Party caller = party("rtpMode", "Secure", "keyManagement", keyManagement, "sessionUpdateCryptoMode", updateMode);
             Party callee = party("rtpMode", "Secure", "keyManagement", keyManagement, "sessionUpdateCryptoMode", updateMode)) {
            String id = caller.agent.call("1", callee.uriAt(kamailio));
            caller.awaitCall("Connected");
            String in = callee.callIn("Connected");
            Audio.awaitTone(caller, id, Party.WAIT);

            assertEquals(200, caller.agent.hold(id, true).toCompletableFuture().get().statusCode());
            caller.awaitCall("OnHold");
            callee.awaitCall("OnHold");
            Thread.sleep(200);
            long heldReceived = caller.agent.status(id).orElseThrow().counters().received();
            long heldSent = caller.agent.status(id).orElseThrow().counters().sent();
            Thread.sleep(600);
            CallStatus held = caller.agent.status(id).orElseThrow();
            assertEquals(heldReceived, held.counters().received(), "the held party stops sending: " + held.describe());
            assertEquals(heldSent, held.counters().sent(), "no music on hold: " + held.describe());

            int before = caller.events.size();
            assertEquals(200, caller.agent.hold(id, false).toCompletableFuture().get().statusCode());
            caller.events.awaitAfter(before, Party.call("Connected"), Party.WAIT);
            long toneBefore = caller.agent.toneFrames(id);
            long calleeToneBefore = callee.agent.toneFrames(in);
            Thread.sleep(1000);
            CallStatus resumed = caller.agent.status(id).orElseThrow();
            assertTrue(resumed.counters().toneFrames() >= toneBefore + 25, "audio decrypts again after resume: " + resumed.describe());
            assertTrue(callee.agent.toneFrames(in) >= calleeToneBefore + 25, "both ways: " + callee.agent.status(in).orElseThrow().describe());
            assertEquals(0, resumed.counters().authFailures(), resumed.describe());
            assertEquals(0, callee.agent.status(in).orElseThrow().counters().authFailures());
            // Hold and resume: two re-INVITEs; Regenerate changes the keys each time, Keep never.
            long expectedChanges = updateMode.equals("Keep") ? 0 : 2;
            assertEquals(expectedChanges, resumed.counters().keyChanges(), resumed.describe());
            assertEquals(expectedChanges, callee.agent.status(in).orElseThrow().counters().keyChanges());
        }
    }

    @Test
    void aCallCancelledBeforeTheAnswerEndsOnBothSidesWith487() throws Exception {
        try (Party caller = party("rtpMode", "Secure", "keyManagement", "Sdes");
             Party callee = party("rtpMode", "Secure", "keyManagement", "Sdes", "autoAnswer", false)) {
            String id = caller.agent.call("1", callee.uriAt(kamailio));
            caller.awaitCall("Ringing");
            callee.awaitCall("Ringing");

            assertEquals(200, caller.agent.hangup(id).toCompletableFuture().get().statusCode(), "the CANCEL itself is accepted");

            assertEquals("487 Request Terminated", caller.awaitCall("Ended").get("reason"));
            assertEquals("cancelled by caller", callee.awaitCall("Ended").get("reason"));
            assertEquals("0", callee.awaitCall("Ended").get("sent"), "an unanswered call sends no media");
        }
    }

    @Test
    void aRingingCallAnsweredByHandConnects() throws Exception {
        try (Party caller = party("rtpMode", "Secure", "keyManagement", "Mikey");
             Party callee = party("rtpMode", "Secure", "keyManagement", "Mikey", "autoAnswer", false)) {
            caller.agent.call("1", callee.uriAt(kamailio));
            String in = callee.callIn("Ringing");
            caller.awaitCall("Ringing");

            callee.agent.answer(in);

            assertEquals("yes", caller.awaitCall("Connected").get("secure"));
            SecureCallsTest.assertAudioBothWays(caller, callee);
        }
    }

    @Test
    void t38InASecureCallIsRefusedWithTheRejectCodeUnlessAllowed() throws Exception {
        try (Party caller = party("rtpMode", "Secure", "keyManagement", "Sdes");
             Party callee = party("rtpMode", "Secure", "keyManagement", "Sdes", "rejectCodeForUnsupportedOffer", 488)) {
            String id = caller.agent.call("1", callee.uriAt(kamailio));
            caller.awaitCall("Connected");

            assertEquals(488, caller.agent.switchToT38(id).toCompletableFuture().get().statusCode());
            CallStatus status = caller.agent.status(id).orElseThrow();
            assertEquals(CallState.Connected, status.state(), "the audio call goes on");
            assertEquals("0/0", status.t38(), "no T.38 packet was sent");
        }
    }

    @Test
    void t38InASecureCallIsAcceptedWhenAllowedAndItsPacketsTravelInTheClear() throws Exception {
        try (Party caller = party("rtpMode", "Secure", "keyManagement", "Sdes");
             Party callee = party("rtpMode", "Secure", "keyManagement", "Sdes", "allowUnsecureT38", true)) {
            String id = caller.agent.call("1", callee.uriAt(kamailio));
            caller.awaitCall("Connected");
            String in = callee.callIn("Connected");

            assertEquals(200, caller.agent.switchToT38(id).toCompletableFuture().get().statusCode());

            long deadline = System.nanoTime() + Party.WAIT.toNanos();
            while ((!callee.agent.status(in).orElseThrow().t38().equals("5/5") || !caller.agent.status(id).orElseThrow().t38().equals("5/5"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("5/5", caller.agent.status(id).orElseThrow().t38(), "caller sent 5 UDPTL packets and received the callee's 5");
            assertEquals("5/5", callee.agent.status(in).orElseThrow().t38());
        }
    }
}
