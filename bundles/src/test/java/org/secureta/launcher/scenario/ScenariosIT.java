package org.secureta.launcher.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every {@code ta scenario} replays its case of the guide against a real Kamailio and reports
 * what the guide says happens (exit 0); these tests also check the report's key lines, so a
 * scenario that passed for the wrong reason fails here.
 */
class ScenariosIT {

    static final Path DIST = SecureCallThroughProxyIT.DIST;

    @TempDir
    Path dir;

    private record Run(int exitCode, String output) {
    }

    private Run scenario(String name) {
        return scenario(name, org.secureta.proxykit.Proxy.KAMAILIO);
    }

    /** Runs {@code ta scenario NAME --proxy P} in this JVM; skipped, with the reason printed, when the proxy is not installed. */
    private Run scenario(String name, org.secureta.proxykit.Proxy proxy) {
        assumeTrue(proxy.find().isPresent(), proxy.absence());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int code = ScenarioCommand.run(DIST, List.of(name, "--dir", dir.resolve(name + "-" + proxy.command()).toString(),
                "--proxy", proxy.command()), out, out);
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        return new Run(code, output);
    }

    private static void assertAsExpected(Run run, String... lines) {
        assertEquals(ScenarioCommand.AS_EXPECTED, run.exitCode(), run.output());
        assertTrue(run.output().contains("RESULT: AS EXPECTED"), run.output());
        for (String line : lines) {
            assertTrue(run.output().contains(line), "no '" + line + "' in:\n" + run.output());
        }
    }

    @Test
    void tlsMismatchLeavesTheUnitWithoutTlsUnansweredUntilTlsIsEnabled() {
        Run run = scenario("tls-mismatch");
        assertAsExpected(run, "[ok]  unit1 (TLS): REGISTRATION line=Port1 state=Registered",
                "[ok]  unit2's REGISTER got no answer in 10 s: REGISTRATION line=Port1",
                "[ok]  unit2 with TLS: REGISTRATION line=Port1 state=Registered");
    }

    @Test
    void contactTransportCallFailsWithAServerErrorWithoutTheInteropVariablesAndConnectsWithThem() {
        Run run = scenario("contact-transport");
        assertAsExpected(run, "[ok]  without the interop variables, unit1's call: CALL call=1 state=Failed",
                "[ok]  with them, unit1's call: CALL call=2 state=Connected secure=yes",
                "[ok]  unit2 hears unit1 after SRTP unprotection");
        assertTrue(run.output().matches("(?s).*state=Failed.*reason=\"5\\d\\d .*"), run.output());
    }

    @Test
    void keyManagementMismatchIsRefusedWith415AndTheGuidesSyslogLine() {
        Run run = scenario("keymgmt-mismatch");
        assertAsExpected(run, "reason=\"415 Unsupported Media Type\"",
                "ERROR source=SdpTools state=Warning code=D3A2",
                "] SdpTools [D3A2] Received the wrong key management protocol. Secure stream disabled.");
        // The ladder: unit1's SDES offer through Kamailio to unit2, and the 415 coming back, one
        // arrow per message (both units' traces merged), drawn as text and SVG.
        String out = run.output();
        assertTrue(out.contains("SIP message ladder ("), out);
        assertTrue(out.matches("(?s).*\\|  offer RTP/SAVP SDES AES_CM_128_HMAC_SHA1_80.*"), out);
        assertTrue(out.matches("(?s).*<-+ 415 Unsupported Media Type -+\\|.*"), out);
        // Its columns are the units and the proxy by name, not by address.
        assertTrue(java.util.regex.Pattern.compile("^ +unit1 +Kamailio +unit2$", java.util.regex.Pattern.MULTILINE).matcher(out).find(), out);
        assertFalse(out.contains("unit (127.0.0.1:"), out);
        assertFalse(java.util.regex.Pattern.compile("inline:(?!<redacted>)").matcher(out).find(), "no SDES key in the ladder");
    }

    @ParameterizedTest
    @CsvSource({"cert-expired, EXPIRED", "cert-not-yet-valid, NOT_YET_VALID", "cert-unknown-ca, UNKNOWN_CA",
            "cert-host-mismatch, HOST_MISMATCH"})
    void aBadProxyCertificateKeepsTheLinkDownWithTheFailedCheckNamed(String name, String failure) {
        Run run = scenario(name);
        assertAsExpected(run, "state=Down", "reason=\"server certificate rejected: " + failure + ":",
                "[ok]  the TLS link stayed down", "[ok]  the line did not register");
    }

    @Test
    void wiresharkCaptureDecryptsWithTheUnitsKeyLog() {
        assumeTrue(Tools.find("tshark").isPresent(), "tshark is not installed here (apt-get install tshark)");
        Run run = scenario("wireshark");
        assertAsExpected(run, "Decrypt it with:", "-o tls.keylog_file:",
                "[ok]  without the key log, 0 SIP message(s) readable",
                "Request-Line: REGISTER sip:127.0.0.1:",
                "Contact: <sip:100@127.0.0.1:",
                "[ok]  ta decrypt: exit 0, 2 SRTP stream(s) decrypted, 0 authentication failures",
                "The RTP in clear:", "-d udp.port==", "RTP packet(s) in clear");
    }

    // ---- link resilience (issue 17): each against Kamailio, and OpenSIPS when SECURETA_OPENSIPS names one

    @org.secureta.proxykit.EachProxy.Test
    void afterTheProxyIsKilledAndRestartedEveryUnitIsBackWithinItsFailbackIntervalAndLeaksNothing(org.secureta.proxykit.Proxy proxy) {
        Run run = scenario("proxy-restart", proxy);
        assertAsExpected(run, "[ok]  unit1 notices the lost link: TLS_LINK gateway=Lab state=Down",
                "[ok]  unit2 notices the lost link: TLS_LINK gateway=Lab state=Down",
                "[ok]  unit1 registered again ", "[ok]  unit2 registered again ",
                "[ok]  calls both ways after the restart connect with SRTP",
                "[ok]  the units' resources: before the restart ");
        // Within the failback interval (5 s) and its jitter: the report gives the time it measured.
        assertTrue(run.output().matches("(?s).*\\[ok]  unit1's link Up \\d+\\.\\d s after the proxy was back.*"), run.output());
        assertTrue(run.output().matches("(?s).*, 2 TCP link\\(s\\) to the proxy; after it .*, 2 TCP link\\(s\\) to the proxy.*"), run.output());
    }

    /**
     * Kamailio drops the idle link; OpenSIPS, whose generated registrar keeps a registered link as
     * long as its binding (tcp_persistent_flag), keeps it and the call reaches the unit.
     */
    @org.secureta.proxykit.EachProxy.Test
    void anIdleLinkWithoutKeepAliveIsDroppedAndACallInBetweenFailsWhileKeepAliveKeepsItUp(org.secureta.proxykit.Proxy proxy) {
        Run run = scenario("idle-drop", proxy);
        if (proxy == org.secureta.proxykit.Proxy.KAMAILIO) {
            assertAsExpected(run, "[ok]  unit1 (no keep-alive): Kamailio closed its link ",
                    "[ok]  a call towards unit1 right then (before it linked again): CALL call=1 state=Failed",
                    "[ok]  unit1 links and registers again by itself, ",
                    "[ok]  the same call once unit1 is back: CALL call=2 state=Connected secure=yes",
                    "[ok]  unit2 (CRLF keep-alive every 2 s): the same link Up for ");
        } else {
            assertAsExpected(run, "[ok]  unit1 (no keep-alive): OpenSIPS kept its idle link for ",
                    "so a registered link lives as long as its binding",
                    "[ok]  a call towards unit1 after that idle time: CALL call=1 state=Connected secure=yes",
                    "[ok]  unit1's link is still the first one: TLS_LINK gateway=Lab state=Up");
        }
        // The short lifetime came from the generator, not from an edit of its output.
        assertTrue(run.output().contains("--connection-lifetime 6"), run.output());
    }

    @org.secureta.proxykit.EachProxy.Test
    void aSilentPathIsNoticedByTheKeepAliveWithinSecondsWithoutItOnlyAtTheTransactionTimeoutAndBothRecover(org.secureta.proxykit.Proxy proxy) {
        Run run = scenario("link-blackhole", proxy);
        assertAsExpected(run, "[ok]  unit1 (keep-alive) noticed after ",
                "reason=\"no answer to the CRLF keep-alive from 127.0.0.1:",
                "[ok]  unit1 recovered ", "[ok]  unit2 (no keep-alive) 10 s into the silence still has: TLS_LINK gateway=Lab state=Up",
                "after its INVITE (Timer B): TLS_LINK gateway=Lab state=Down",
                "[ok]  unit2 recovered ", "[ok]  after both recovered, unit1 calls unit2: CALL call=1 state=Connected secure=yes");
    }

    @org.secureta.proxykit.EachProxy.Test
    void aPongInTheSameTlsRecordAsAResponseIsFramedRightAndTheKeepAliveGoesOn(org.secureta.proxykit.Proxy proxy) {
        Run run = scenario("crlf-pong", proxy);
        assertAsExpected(run, "[ok]  unit1 registered with ", "[ok]  keep-alive: unit1 sent ",
                "[ok]  unit1 calls unit2 (", "state=Connected secure=yes",
                "[ok]  unit1 hangs up (the BYE's 200 OK with a pong in front): CALL call=1 state=Ended",
                "[ok]  unit1's link stayed Up throughout, the same connection");
    }

    @Test
    void theLauncherListsTheScenariosAndRefusesAnUnknownOne() throws Exception {
        Process list = launcher("scenario", "--list");
        String listed = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(list.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, list.exitValue(), listed);
        for (String name : Scenarios.names()) {
            assertTrue(listed.contains("  " + name + " "), name + " not in:\n" + listed);
        }
        Process unknown = launcher("scenario", "no-such-case");
        String refused = new String(unknown.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(unknown.waitFor(60, TimeUnit.SECONDS));
        assertEquals(ScenarioCommand.USAGE, unknown.exitValue());
        assertTrue(refused.contains("no scenario 'no-such-case'; known: wireshark, tls-mismatch"), refused);
        Process badProxy = launcher("scenario", "tls-mismatch", "--proxy", "asterisk");
        String badProxyOutput = new String(badProxy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(badProxy.waitFor(60, TimeUnit.SECONDS));
        assertEquals(ScenarioCommand.USAGE, badProxy.exitValue(), badProxyOutput);
        assertTrue(badProxyOutput.contains("--proxy 'asterisk' is not known (allowed: kamailio, opensips)"), badProxyOutput);
    }

    /**
     * `ta scenario NAME --proxy kamailio|opensips`, through the launcher (whose lib/ holds the
     * proxy kit): the same case replayed against each proxy running its generated configuration.
     */
    @org.secureta.proxykit.EachProxy.Test
    void aScenarioReplaysAgainstTheProxyNamedByTheProxyOption(org.secureta.proxykit.Proxy proxy) throws Exception {
        Process run = launcher("scenario", "tls-mismatch", "--dir", dir.resolve(proxy.command()).toString(), "--proxy", proxy.command());
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(output);
        assertTrue(run.waitFor(300, TimeUnit.SECONDS));
        assertEquals(ScenarioCommand.AS_EXPECTED, run.exitValue(), output);
        assertTrue(output.contains("Proxy: " + proxy.displayName()), output);
        assertTrue(output.contains("RESULT: AS EXPECTED"), output);
        assertTrue(output.contains("[ok]  unit2 with TLS: REGISTRATION line=Port1 state=Registered"), output);
        assertTrue(java.nio.file.Files.isRegularFile(dir.resolve(proxy.command() + "/proxy/"
                + (proxy == org.secureta.proxykit.Proxy.OPENSIPS ? "opensips.cfg" : "kamailio.cfg"))), "the generated configuration");
    }

    private static Process launcher(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", DIST.resolve("lib/launcher.jar").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
