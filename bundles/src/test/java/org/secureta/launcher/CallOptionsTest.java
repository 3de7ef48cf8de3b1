package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code ta call PROFILE USER [--home DIR] [--seconds N]} reads its command line. */
class CallOptionsTest {

    @Test
    void profileAndUserAloneGiveThreeSecondsOfAudioAndTheHomeBesideTheProfile() throws Exception {
        CallOptions o = CallOptions.parse(List.of("lab/ta1.profile", "200"));
        assertEquals(Path.of("lab/ta1.profile"), o.profile());
        assertEquals("200", o.user());
        assertEquals(Duration.ofSeconds(3), o.audio());
        assertEquals(Path.of("lab/ta1.home").toAbsolutePath(), o.home());
    }

    @Test
    void optionsMayComeBeforeOrBetweenTheArguments() throws Exception {
        CallOptions o = CallOptions.parse(List.of("--seconds", "10", "lab/ta1.profile", "--home", "/tmp/u1", "sip:200@127.0.0.1:5061"));
        assertEquals(Duration.ofSeconds(10), o.audio());
        assertEquals(Path.of("/tmp/u1"), o.home());
        assertEquals("sip:200@127.0.0.1:5061", o.user());
    }

    @Test
    void aMissingUserIsNamed() {
        CallOptions.Invalid e = assertThrows(CallOptions.Invalid.class, () -> CallOptions.parse(List.of("lab/ta1.profile")));
        assertEquals("ta call: give PROFILE and USER (got 1 argument: lab/ta1.profile)", e.getMessage());
    }

    @Test
    void aThirdArgumentIsRefused() {
        CallOptions.Invalid e = assertThrows(CallOptions.Invalid.class, () -> CallOptions.parse(List.of("a.profile", "200", "300")));
        assertTrue(e.getMessage().contains("got 3 arguments: a.profile 200 300"), e.getMessage());
    }

    @Test
    void secondsMustBeAWholeNumberInRange() {
        assertEquals("ta call: --seconds 'three' is not a whole number (allowed: 1..3600)",
                assertThrows(CallOptions.Invalid.class, () -> CallOptions.parse(List.of("p", "200", "--seconds", "three"))).getMessage());
        assertEquals("ta call: --seconds 0 is out of range (allowed: 1..3600)",
                assertThrows(CallOptions.Invalid.class, () -> CallOptions.parse(List.of("p", "200", "--seconds", "0"))).getMessage());
        assertEquals("ta call: --seconds 3601 is out of range (allowed: 1..3600)",
                assertThrows(CallOptions.Invalid.class, () -> CallOptions.parse(List.of("p", "200", "--seconds", "3601"))).getMessage());
    }

    @Test
    void anOptionWithoutItsValueIsNamedInsteadOfSwallowingTheNextOption() {
        assertEquals("ta call: --home needs a folder",
                assertThrows(CallOptions.Invalid.class, () -> CallOptions.parse(List.of("p", "200", "--home", "--seconds", "3"))).getMessage());
        assertEquals("ta call: --seconds needs a number of seconds",
                assertThrows(CallOptions.Invalid.class, () -> CallOptions.parse(List.of("p", "200", "--seconds"))).getMessage());
    }

    @Test
    void unknownAndRepeatedOptionsAreRefused() {
        assertEquals("ta call: unknown option --secs (allowed: --home DIR, --seconds N)",
                assertThrows(CallOptions.Invalid.class, () -> CallOptions.parse(List.of("p", "200", "--secs", "3"))).getMessage());
        assertEquals("ta call: --seconds given twice",
                assertThrows(CallOptions.Invalid.class, () -> CallOptions.parse(List.of("p", "200", "--seconds", "3", "--seconds", "4"))).getMessage());
    }

    @Test
    void aUserWithSpacesIsRefused() {
        assertTrue(assertThrows(CallOptions.Invalid.class, () -> CallOptions.parse(List.of("p", "2 00"))).getMessage()
                .contains("USER '2 00' holds spaces"));
    }

    @Test
    void theLauncherAnswersBadArgumentsWithUsageAndExitCode64BeforeStartingAnything() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"call", "lab/ta1.profile"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.USAGE, code);
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("give PROFILE and USER"), printed);
        assertTrue(printed.contains(CallOptions.USAGE), printed);
    }

    @Test
    void aProfileThatDoesNotExistIsNamed() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"call", "/nonexistent/ta1.profile", "200"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.USAGE, code);
        assertEquals("ta call: no profile file /nonexistent/ta1.profile\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFinishedCallFailsWhenItWasPlainButTheProfileSaysSecureOrItsAudioDidNotDecrypt() {
        String good = "1 to sip:200@127.0.0.1:5061 Ended secure=yes keyManagement=Sdes suite=AES_CM_128_HMAC_SHA1_80"
                + " sent=150 received=149 authFailures=0 replays=0 toneFrames=149 reason=\"local hang-up\"";
        assertEquals(List.of(), OneShotCall.problems(CallOutcome.Side.of("u", good), true));
        String plain = good.replace("secure=yes", "secure=no");
        assertEquals(List.of(), OneShotCall.problems(CallOutcome.Side.of("u", plain), false));
        assertEquals(List.of("the call was not secure, but Mipt.DefaultSecurityRtpMode=Secure"),
                OneShotCall.problems(CallOutcome.Side.of("u", plain), true));
        assertEquals(List.of("3 packets failed SRTP authentication", "the peer's tone was never detected: the audio did not decrypt"),
                OneShotCall.problems(CallOutcome.Side.of("u", good.replace("authFailures=0", "authFailures=3").replace("toneFrames=149", "toneFrames=0")), true));
    }
}
