package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How the demo reads a unit's {@code ta:calls} line and judges one side of a call. */
class CallOutcomeTest {

    private static final String GOOD = "1 to sip:200@127.0.0.1:51965 Ended secure=yes keyManagement=Sdes suite=AES_CM_128_HMAC_SHA1_80"
            + " sent=104 received=114 authFailures=0 replays=0 rtcp=1/1 toneFrames=114 keyChanges=0 reason=\"local hang-up\"";

    @Test
    void aSecureSideThatReceivedAndDecryptedTheToneHasNoProblem() {
        CallOutcome.Side side = CallOutcome.Side.of("ta-a", GOOD);
        assertEquals("Ended", side.state());
        assertEquals(114, side.received());
        assertEquals("local hang-up", side.reason());
        assertEquals("", side.problems("Sdes"));
    }

    @Test
    void authenticationFailuresAnUndetectedToneAndTheWrongKeyManagementAreEachNamed() {
        CallOutcome.Side side = CallOutcome.Side.of("ta-b", GOOD.replace("authFailures=0", "authFailures=7")
                .replace("toneFrames=114", "toneFrames=0"));
        String problems = side.problems("Mikey");
        assertTrue(problems.contains("ta-b: 7 packets failed SRTP authentication"), problems);
        assertTrue(problems.contains("ta-b: the peer's tone was never detected"), problems);
        assertTrue(problems.contains("ta-b: key management Sdes, expected Mikey"), problems);
    }

    @Test
    void aPlainCallIsNotSecure() {
        CallOutcome.Side plain = CallOutcome.Side.of("ta-a", GOOD.replace("secure=yes", "secure=no"));
        assertTrue(plain.problems("Sdes").contains("ta-a: not secure"));
        CallOutcome call = new CallOutcome("Sdes", "ta-a", "ta-b", "", plain, CallOutcome.Side.of("ta-b", GOOD));
        assertFalse(call.passed());
    }

    @Test
    void quotedEventValuesAreReadWithTheirEscapes() {
        String line = "2026-11-27T02:30:30Z TLS_LINK gateway=Peer state=Down reason=\"HOST_MISMATCH: \\\"CN=ta-b\\\" does not name 127.0.0.1\" x=1";
        assertEquals("HOST_MISMATCH: \"CN=ta-b\" does not name 127.0.0.1", RunningUnit.attribute(line, "reason"));
        assertEquals("Down", RunningUnit.attribute(line, "state"));
        assertEquals("", RunningUnit.attribute(line, "missing"));
    }
}
