package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.secureta.proxykit.EachProxy;
import org.secureta.proxykit.Proxy;
import org.junit.jupiter.api.io.TempDir;

/** {@code ta demo}, run as the launcher runs it, judged by its report. */
class DemoIT {

    /** A call row of the report: keys, call, suite, result, caller sent/recv/auth, callee sent/recv/auth, media caller/callee, TLS. */
    private static final Pattern CALL_ROW = Pattern.compile(
            "^ {4}(Sdes|Mikey) +(ta-[ab] -> ta-[ab]) +(\\S+) +(\\S+) +(\\d+)/(\\d+)/(\\d+) +(\\d+)/(\\d+)/(\\d+) +(\\w+)/(\\w+) +(TLSv1\\.[23] TLS_\\S+ HostName ok.*)$",
            Pattern.MULTILINE);

    @TempDir
    Path dir;

    private record Run(int code, String output) {
    }

    private Run demo(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = new Demo(ContainerIT.DIST, out).run(List.of(args));
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    /**
     * A line a library's logging printed, not the demo: JUL's default two-line format, a level
     * prefix, the launcher's warning lines, a stack trace, slf4j's or Felix's own messages.
     */
    static final Pattern LOG_LINE = Pattern.compile(
            "^([A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d\\d:\\d\\d (AM|PM) .*"
            + "|(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): .*"
            + "|ta: (SEVERE|WARNING|INFO|FINE)\\b.*"
            + "|\\s*at [\\w.$/<>-]+\\(.*\\)"
            + "|\\s*\\.\\.\\. \\d+ more"
            + "|(Caused by: |Exception in thread ).*"
            + "|SLF4J: .*"
            + "|\\*?(ERROR|WARNING)\\*? ?: .*"
            + "|\\[(ERROR|WARN|WARNING|INFO|DEBUG)\\].*)$");

    /** {@code ./ta demo ARGS 2>&1} as a user runs it: the launcher jar in its own JVM, in {@code dir}. */
    private Run demoAsAUserRunsIt(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ContainerIT.DIST.resolve("lib/launcher.jar").toString(), "demo"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), output);
        return new Run(p.exitValue(), output);
    }

    @Test
    void twoUnitsBackToBackCallEachOtherSecurelyWithSdesThenMikeyAndTheAudioDecrypts() throws Exception {
        Run run = demoAsAUserRunsIt("--home", dir.resolve("demo").toString());
        String report = run.output();
        assertEquals(Main.OK, run.code(), report);
        assertTrue(report.endsWith("RESULT: PASS" + System.lineSeparator()), report);
        // Standard output and error together (the README's 2>&1) hold the demo's lines only;
        // the libraries' records are in the log file under the home.
        List<String> logLines = report.lines().filter(l -> LOG_LINE.matcher(l).matches()).toList();
        assertEquals(List.of(), logLines, "log or stack-trace lines in the demo's output:\n" + report);
        Path log = dir.resolve("demo/logs/secureta.0.log");
        assertTrue(Files.isRegularFile(log) && Files.size(log) > 0, "the libraries' records go to " + log);

        // Both clocks synchronised from the demo's SNTP server, not by the lab override.
        assertEquals(2, count(report, "  clock:        ta-[ab] clock=unit state=Synchronised .*server=127\\.0\\.0\\.1:\\d+ stratum=1"), report);
        assertFalse(Files.readString(dir.resolve("demo/ta-a.profile")).contains("LabAllowUnsynchronisedClock"));
        // Both TLS links up, each after checking the other's certificate by HostName.
        assertEquals(2, count(report, "  TLS link:     ta-[ab] -> 127\\.0\\.0\\.1:\\d+ Up TLSv1\\.[23] TLS_\\S+ "), report);

        Matcher rows = CALL_ROW.matcher(report);
        List<String> calls = new java.util.ArrayList<>();
        while (rows.find()) {
            calls.add(rows.group(1) + " " + rows.group(2));
            assertEquals("AES_CM_128_HMAC_SHA1_80", rows.group(3), rows.group());
            assertEquals("secure", rows.group(4), rows.group());
            assertTrue(Long.parseLong(rows.group(6)) > 0 && Long.parseLong(rows.group(9)) > 0, "packets received both ways: " + rows.group());
            assertEquals("0", rows.group(7), "caller authentication failures: " + rows.group());
            assertEquals("0", rows.group(10), "callee authentication failures: " + rows.group());
        }
        assertEquals(List.of("Sdes ta-a -> ta-b", "Sdes ta-b -> ta-a", "Mikey ta-a -> ta-b", "Mikey ta-b -> ta-a"), calls, report);
        assertTrue(report.contains("  media engine: Native (SecureTA.MediaEngine=Native"), "the default media engine, said: " + report);
        assertFalse(report.contains("SecureTA.MikeyPreSharedKey"), "the pre-shared key never reaches the output");
        assertFalse(report.contains(Files.readString(dir.resolve("demo/ta-a.profile")).lines()
                .filter(l -> l.startsWith("SecureTA.MikeyPreSharedKey=")).findFirst().orElseThrow().split("=")[1]));

        // The message ladder: one per call, both units' traces merged (one arrow per message),
        // each hop with its TLS verdict and each offer/answer with its keying, never a key.
        assertEquals(4, count(report, "    Call-ID ta-\\S+ \\(call, \\d+ messages\\)"), report);
        assertEquals(4, count(report, ".*\\|-+ INVITE -+>\\|"), report);
        assertEquals(2, count(report, ".*\\|  offer RTP/SAVP SDES AES_CM_128_HMAC_SHA1_80"), report);
        assertEquals(2, count(report, ".*\\|  answer RTP/SAVP MIKEY"), report);
        int hops = count(report, ".*\\|  TLS TLSv1\\.[23] TLS_\\S+ ");
        assertTrue(hops >= 4 && hops < 24, "each call's hop said, not under each of its 6 messages: " + report);
        assertFalse(Pattern.compile("inline:(?!<redacted>)").matcher(report).find(), "no SDES key in the ladder");
        // Columns named after the units, not unit (127.0.0.1:PORT).
        assertTrue(Pattern.compile("^ +ta-a +ta-b$", Pattern.MULTILINE).matcher(report).find(), report);
        assertFalse(report.contains("unit (127.0.0.1:"), report);
        String svg = Files.readString(dir.resolve("demo/ta-a/ladder.svg"));
        assertTrue(svg.startsWith("<?xml") || svg.startsWith("<svg"), svg.substring(0, Math.min(80, svg.length())));
        assertEquals(4, svg.split(">INVITE<", -1).length - 1, "an INVITE arrow per call in the SVG");
    }

    /**
     * Issue 16: {@code ./ta demo --media libjitsi} as a user runs it: both units' calls run on
     * libjitsi MediaStreams, the report says so and shows Libjitsi at both ends of each call, and the
     * SDES and MIKEY calls are secure both ways with the audio decrypted and 0 authentication failures.
     */
    @Test
    void withLibjitsiMediaTheWholeDemoPassesAndSaysSo() throws Exception {
        Run run = demoAsAUserRunsIt("--home", dir.resolve("libjitsi").toString(), "--media", "libjitsi");
        String report = run.output();
        assertEquals(Main.OK, run.code(), report);
        assertTrue(report.endsWith("RESULT: PASS" + System.lineSeparator()), report);
        assertTrue(report.contains("  topology:     two units back to back over TLS, no proxy in the middle (guide section 2); "
                + "media on Libjitsi (SecureTA.MediaEngine=Libjitsi)"), report);
        assertTrue(report.contains("  media engine: Libjitsi (SecureTA.MediaEngine=Libjitsi: RTP and RTCP of every call through libjitsi "
                + "MediaStreams"), report);
        assertTrue(Files.readString(dir.resolve("libjitsi/ta-a.profile")).contains("SecureTA.MediaEngine=Libjitsi"));
        List<String> logLines = report.lines().filter(l -> LOG_LINE.matcher(l).matches()).toList();
        assertEquals(List.of(), logLines, "log or stack-trace lines in the demo's output:\n" + report);

        Matcher rows = CALL_ROW.matcher(report);
        int rowsSeen = 0;
        while (rows.find()) {
            assertEquals("Libjitsi", rows.group(11), "the caller's media engine: " + rows.group());
            assertEquals("Libjitsi", rows.group(12), "the callee's media engine: " + rows.group());
            rowsSeen++;
        }
        assertEquals(4, rowsSeen, report);
        assertEquals(List.of("Sdes ta-a -> ta-b", "Sdes ta-b -> ta-a", "Mikey ta-a -> ta-b", "Mikey ta-b -> ta-a"), secureCalls(report), report);
    }

    @Test
    void anUnknownMediaEngineIsRefusedNamingTheAllowedOnes() throws Exception {
        Run run = demo("--home", dir.resolve("gst").toString(), "--media", "gstreamer");
        assertEquals(Main.USAGE, run.code(), run.output());
        assertTrue(run.output().contains("--media 'gstreamer' is not known (allowed: native, libjitsi)"), run.output());
    }

    @Test
    void aUnitWhoseHostCertificateDoesNotNameItsAddressFailsTheDemoNamingTheStepAndTheCheck() throws Exception {
        Run run = demo("--home", dir.resolve("broken").toString(), "--break", "host-certificate");
        String report = run.output();
        assertEquals(Main.FAILED, run.code(), report);
        assertTrue(report.contains("  FAILED: TLS link ta-a -> ta-b"), report);
        assertTrue(report.contains("HOST_MISMATCH"), report);
        assertTrue(report.contains("does not name 127.0.0.1"), report);
        assertTrue(report.endsWith("RESULT: FAIL (1 step(s))" + System.lineSeparator()), report);
    }

    @EachProxy.Test
    void throughAProxyBothUnitsRegisterOverTlsAndCallEachOtherSecurelyWithSdesThenMikey(Proxy proxy) throws Exception {
        String name = proxy.command();
        Run run = demo("--home", dir.resolve(name).toString(), "--proxy", name);
        String report = run.output();
        assertEquals(Main.OK, run.code(), report);
        assertTrue(report.endsWith("RESULT: PASS" + System.lineSeparator()), report);
        assertTrue(report.contains("  topology:     two units registered to " + proxy.displayName() + " (configured by ta opensips-config)"), report);

        // The proxy runs the configuration opensips-config generated, unedited, and both users registered to it over TLS.
        assertTrue(Files.readString(dir.resolve(name + "/lab/proxy/" + (proxy == Proxy.KAMAILIO ? "kamailio.cfg" : "opensips.cfg")))
                .contains((proxy == Proxy.KAMAILIO ? "listen" : "socket") + "=tls:127.0.0.1:"), "generated script");
        assertEquals(2, count(report, "    REGISTRATION line=Port1 state=Registered user=(100|200) gateway=Lab "), report);
        assertEquals(2, count(report, "  clock:        ta-[ab] clock=unit state=Synchronised .*server=127\\.0\\.0\\.1:\\d+ stratum=1"), report);
        assertFalse(Files.readString(dir.resolve(name + "/ta-a.profile")).contains("LabAllowUnsynchronisedClock"));
        assertEquals(2, count(report, "  TLS link:     ta-[ab] -> 127\\.0\\.0\\.1:\\d+ Up TLSv1\\.[23] TLS_\\S+ "), report);

        assertEquals(List.of("Sdes ta-a -> ta-b", "Sdes ta-b -> ta-a", "Mikey ta-a -> ta-b", "Mikey ta-b -> ta-a"), secureCalls(report), report);
        // The ladder shows the calls went through the proxy: its digest challenge of every INVITE.
        assertEquals(4, count(report, "    Call-ID ta-\\S+ \\(call, \\d+ messages\\)"), report);
        assertTrue(count(report, ".*\\|  407 Proxy Authentication Required") >= 4, report);
        for (String secret : List.of("SecureTA.MikeyPreSharedKey=", "SipEp.Authentication[Port1].Password=")) {
            String value = Files.readString(dir.resolve(name + "/ta-a.profile")).lines()
                    .filter(l -> l.startsWith(secret)).findFirst().orElseThrow().split("=")[1];
            assertFalse(report.contains(value), secret + " never reaches the output");
        }
    }

    @Test
    void anUnknownOrAbsentProxyIsRefusedClearly() throws Exception {
        Run unknown = demo("--home", dir.resolve("unknown").toString(), "--proxy", "asterisk");
        assertEquals(Main.USAGE, unknown.code(), unknown.output());
        assertTrue(unknown.output().contains("--proxy 'asterisk' is not known (allowed: kamailio, opensips)"), unknown.output());
        if (Proxy.OPENSIPS.find().isEmpty()) {
            Run absent = demo("--home", dir.resolve("absent").toString(), "--proxy", "opensips");
            assertEquals(Demo.UNAVAILABLE, absent.code(), absent.output());
            assertTrue(absent.output().contains("opensips is not installed here"), absent.output());
        }
    }

    @Test
    void throughKamailioTheHostCertificateBreakIsRefusedNamingWhereItApplies() throws Exception {
        Run run = demo("--home", dir.resolve("kamailio-break").toString(), "--proxy", "kamailio", "--break", "host-certificate");
        assertEquals(Main.USAGE, run.code(), run.output());
        assertTrue(run.output().contains("--break host-certificate is for the back-to-back demo only"), run.output());
    }

    /** The calls of the report's table that were secure, packets received both ways and no authentication failure. */
    private static List<String> secureCalls(String report) {
        Matcher rows = CALL_ROW.matcher(report);
        List<String> calls = new java.util.ArrayList<>();
        while (rows.find()) {
            assertEquals("AES_CM_128_HMAC_SHA1_80", rows.group(3), rows.group());
            assertEquals("secure", rows.group(4), rows.group());
            assertTrue(Long.parseLong(rows.group(6)) > 0 && Long.parseLong(rows.group(9)) > 0, "packets received both ways: " + rows.group());
            assertEquals("0", rows.group(7), "caller authentication failures: " + rows.group());
            assertEquals("0", rows.group(10), "callee authentication failures: " + rows.group());
            calls.add(rows.group(1) + " " + rows.group(2));
        }
        return calls;
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile("^" + regex, Pattern.MULTILINE).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
