package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example extension bundle (examples/cdr-writer), built by Maven and loaded into real units
 * the two ways docs/extending.md gives: {@code --bundles DIR} and {@code HOME/bundles/}.
 */
class CdrWriterIT {

    /** The folder failsafe fills with the example's jar (bundles/pom.xml, execution example-bundles). */
    static final Path EXAMPLES = Path.of(System.getProperty("secureta.examples", "target/example-bundles"));
    static final String CDR_BUNDLE = "org.secureta.cdr-writer";

    @TempDir
    Path dir;

    @Test
    void eachUnitWritesOneCdrLinePerFinishedCallWithWhatItsCallAgentCounted() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Steps steps = new Steps(new PrintStream(progress, true, StandardCharsets.UTF_8));
        try (UnitPair pair = new BackToBack(ContainerIT.DIST, dir, false, List.of(EXAMPLES)).start(steps)) {
            for (RunningUnit unit : pair.both()) {
                assertTrue(unit.container().extensions().stream().anyMatch(e -> e.startsWith(CDR_BUNDLE + "@")),
                        unit.name() + " loaded " + unit.container().extensions());
            }
            CallOutcome call = new CallScript(steps, Duration.ofSeconds(1)).call("Sdes", pair.a(), pair.b());

            List<String> callerCdr = awaitCdr(pair.a().home());
            List<String> calleeCdr = awaitCdr(pair.b().home());
            assertEquals("call,start,answer,end,peer,secure,key_management,suite,packets_sent,packets_received,auth_failures,reason",
                    callerCdr.get(0));
            assertEquals(2, callerCdr.size(), "one line per call: " + callerCdr);
            assertEquals(2, calleeCdr.size(), "one line per call: " + calleeCdr);

            List<String> caller = List.of(callerCdr.get(1).split(",", -1));
            Instant start = Instant.parse(caller.get(1));
            Instant answer = Instant.parse(caller.get(2));
            Instant end = Instant.parse(caller.get(3));
            assertTrue(!start.isAfter(answer) && answer.isBefore(end), callerCdr.get(1));
            assertTrue(Duration.between(answer, end).toMillis() >= 1000, "a second of audio: " + callerCdr.get(1));
            assertTrue(caller.get(4).startsWith("sip:200@127.0.0.1:"), caller.get(4));
            assertEquals(List.of("yes", "Sdes", "AES_CM_128_HMAC_SHA1_80"), caller.subList(5, 8));
            // The Ended event can be posted while the RTP sender puts out its last frame, so the
            // CDR may be one packet behind what ta:calls shows a moment later.
            assertEquals(call.callerSide().sent(), Long.parseLong(caller.get(8)), 1, "packets sent as the call agent counted");
            assertEquals(call.callerSide().received(), Long.parseLong(caller.get(9)), 1, "packets received as the call agent counted");
            assertEquals("0", caller.get(10));

            List<String> callee = List.of(calleeCdr.get(1).split(",", -1));
            assertTrue(callee.get(4).startsWith("sip:100@"), callee.get(4));
            assertEquals(call.calleeSide().received(), Long.parseLong(callee.get(9)), 1);
            assertTrue(Long.parseLong(callee.get(9)) > 0);
        }
    }

    @Test
    void aUnitStartedWithTaRunLoadsTheBundlesInItsHomeFolder() throws Exception {
        Path home = dir.resolve("unit.home");
        Files.createDirectories(home.resolve("bundles"));
        try (var jars = Files.list(EXAMPLES)) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, home.resolve("bundles").resolve(jar.getFileName()));
            }
        }
        Path profile = dir.resolve("unit.profile");
        Files.writeString(profile, "SipEp.TransportConfig[gw].TlsEnable=Enable\n");
        try (LauncherIT.Unit unit = new LauncherIT.Unit(List.of("run", profile.toString(), "--home", home.toString(), "--no-shell"))) {
            String started = unit.await("UNIT unit=secureta state=Started");
            assertTrue(started.contains(" extensions=" + CDR_BUNDLE + "@"), started);
        }
    }

    @Test
    void aJarThatIsNotABundleIsNamedAndTheUnitDoesNotStart() throws Exception {
        Path extra = Files.createDirectories(dir.resolve("extra"));
        Files.writeString(extra.resolve("notes.jar"), "this is not a jar");
        Path profile = dir.resolve("unit.profile");
        Files.writeString(profile, "SipEp.TransportConfig[gw].TlsEnable=Enable\n");
        try (LauncherIT.Unit unit = new LauncherIT.Unit(List.of("run", profile.toString(), "--bundles", extra.toString(), "--no-shell"))) {
            String failed = unit.await("UNIT unit=secureta state=Failed");
            assertTrue(failed.contains("extension bundle " + extra.resolve("notes.jar")), failed);
            assertTrue(unit.process.waitFor(30, TimeUnit.SECONDS));
            assertTrue(unit.process.exitValue() != 0, "exit code " + unit.process.exitValue());
        }
    }

    private static List<String> awaitCdr(Path home) throws IOException, InterruptedException {
        Path file = home.resolve("cdr/calls.csv");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                List<String> lines = List.of(Files.readString(file, StandardCharsets.UTF_8).split("\r\n"));
                if (lines.size() >= 2) {
                    return lines;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no CDR line in " + file);
    }
}
