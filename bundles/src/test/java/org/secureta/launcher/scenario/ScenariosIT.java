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
        assumeTrue(org.secureta.proxykit.Proxy.KAMAILIO.find().isPresent(), org.secureta.proxykit.Proxy.KAMAILIO.absence());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int code = ScenarioCommand.run(DIST, List.of(name, "--dir", dir.resolve(name).toString()), out, out);
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
