package org.secureta.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.srtp.media.MediaCounters;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.transport.testsupport.TestCa;

/**
 * SDES key lifetime in real calls (RFC 4568 6.1, RFC 3711 9.2): with keys of 2^6 packets (1.28 s
 * of 20 ms frames) the units re-key by re-INVITE before the lifetime is reached, through a real
 * Kamailio over TLS, and the audio never stops. The receiving side enforces the lifetime the offer
 * announced, so a missed renewal would show as expired packets and lost tone.
 */
class KeyLifetimeCallTest {

    private static TestCa ca;
    private static Kamailio kamailio;
    private static int nextUser = 700;

    @BeforeAll
    static void startKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA key lifetime tests CA");
        Kamailio.Options options = new Kamailio.Options();
        for (int user = 700; user < 710; user++) {
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
        Map<String, Object> properties = new HashMap<>(Map.of("autoAnswer", true, "rtpMode", "Secure", "keyManagement", "Sdes"));
        for (int i = 0; i < settings.length; i += 2) {
            properties.put((String) settings[i], settings[i + 1]);
        }
        return Party.start(ca, kamailio, Integer.toString(nextUser++), properties);
    }

    @Test
    void aCallerWithKeysOf2To6PacketsRenewsThemBeforeTheyRunOutEvenUnderKeepAndTheAudioGoesOn() throws Exception {
        try (Party caller = party("keyLifetime", "2^6", "sessionUpdateCryptoMode", "Keep");
             Party callee = party("sessionUpdateCryptoMode", "Keep")) {
            String out = caller.agent.call("1", callee.uriAt(kamailio));
            String in = callee.callIn("Connected");
            Audio.awaitTone(callee, in, Party.WAIT);

            // Four seconds: 200 frames, more than three lifetimes of the caller's keys.
            Thread.sleep(4000);
            MediaCounters sending = caller.agent.status(out).orElseThrow().counters();
            MediaCounters receiving = callee.agent.status(in).orElseThrow().counters();
            assertTrue(sending.sent() > 3 * 64, "the caller kept sending: " + sending);
            assertEquals(0, sending.expired(), "no packet held back for an exhausted key: " + sending);
            assertEquals(0, receiving.expired(), "no packet refused for an exhausted key: " + receiving);
            assertEquals(0, receiving.authFailures(), receiving.toString());
            assertEquals(0, sending.authFailures(), "the renewing side loses nothing either: " + sending);
            assertTrue(receiving.keyChanges() >= 3, "the callee received under at least four keys of the caller: " + receiving);
            long heard = receiving.toneFrames();
            Thread.sleep(1000);
            assertTrue(callee.agent.toneFrames(in) - heard >= 40, "the callee still hears the caller's tone after the renewals");
        }
    }

    @Test
    void aCalleeWithShortKeysRenewsThemItselfByReInvitingTheCaller() throws Exception {
        try (Party caller = party();
             Party callee = party("keyLifetime", "2^6")) {
            String out = caller.agent.call("1", callee.uriAt(kamailio));
            String in = callee.callIn("Connected");
            Audio.awaitTone(caller, out, Party.WAIT);

            Thread.sleep(4000);
            MediaCounters sending = callee.agent.status(in).orElseThrow().counters();
            MediaCounters receiving = caller.agent.status(out).orElseThrow().counters();
            assertEquals(0, sending.expired(), sending.toString());
            assertEquals(0, receiving.expired(), receiving.toString());
            assertEquals(0, receiving.authFailures(), receiving.toString());
            assertTrue(receiving.keyChanges() >= 3, "the caller received under at least four keys of the callee: " + receiving);
            long heard = receiving.toneFrames();
            Thread.sleep(1000);
            assertTrue(caller.agent.toneFrames(out) - heard >= 40, "the caller still hears the callee's tone after the renewals");
        }
    }

    @Test
    void twoUnitsWithShortLifetimesRenewWithoutLosingAudioEitherWay() throws Exception {
        try (Party caller = party("keyLifetime", "64");
             Party callee = party("keyLifetime", "2^6")) {
            String out = caller.agent.call("1", callee.uriAt(kamailio));
            String in = callee.callIn("Connected");
            SecureCallsTest.assertAudioBothWays(caller, callee);

            Thread.sleep(4000);
            for (MediaCounters counters : new MediaCounters[] {caller.agent.status(out).orElseThrow().counters(),
                    callee.agent.status(in).orElseThrow().counters()}) {
                assertEquals(0, counters.expired(), counters.toString());
                assertEquals(0, counters.authFailures(), counters.toString());
                assertTrue(counters.keyChanges() >= 3, "keys renewed: " + counters);
            }
            long callerHeard = caller.agent.toneFrames(out);
            long calleeHeard = callee.agent.toneFrames(in);
            Thread.sleep(1000);
            assertTrue(caller.agent.toneFrames(out) - callerHeard >= 40, "the caller still hears the callee");
            assertTrue(callee.agent.toneFrames(in) - calleeHeard >= 40, "the callee still hears the caller");
        }
    }

    @Test
    void aLifetimeOutsideTheAllowedRangeIsRefusedByName() {
        for (String bad : new String[] {"1", "2^0", "2^49", "281474976710657", "-5", "2^x", "lots"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> org.secureta.srtp.sdes.SdesKeyManagement.parseKeyLifetime(bad), bad);
            assertEquals("keyLifetime must be 2^n with n from 1 to 48, or a number of packets from 2 to 2^48 (281474976710656), not '"
                    + bad + "'", e.getMessage());
        }
        assertEquals(64, org.secureta.srtp.sdes.SdesKeyManagement.parseKeyLifetime("2^6"));
        assertEquals(1000, org.secureta.srtp.sdes.SdesKeyManagement.parseKeyLifetime(" 1000 "));
        assertEquals(1L << 48, org.secureta.srtp.sdes.SdesKeyManagement.parseKeyLifetime(""));
    }
}
