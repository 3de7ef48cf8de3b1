package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.transport.pki.CertificateKit;
import org.secureta.transport.pki.PemFiles;

/** Runs the launcher as an engineer does: {@code java -jar lib/launcher.jar ...} in its own JVM. */
class LauncherIT {

    /** docs/events.md: TIME KIND key=value ... */
    private static final Pattern EVENT_LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z [A-Z_]+( [A-Za-z0-9_.-]+=(\"([^\"\\\\]|\\\\.)*\"|[^ \"]+))+");

    @TempDir
    Path dir;

    static final class Unit implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();

        Unit(List<String> args) throws IOException {
            this(args, false);
        }

        Unit(List<String> args, boolean withErrors) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", ContainerIT.DIST.resolve("lib/launcher.jar").toString()));
            command.addAll(args);
            // Standard output carries only event lines; logs go to standard error.
            process = withErrors
                    ? new ProcessBuilder(command).redirectErrorStream(true).start()
                    : new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String await(String fragment) throws InterruptedException {
            for (String s : seen) {
                if (s.contains(fragment)) {
                    return s;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.add(line);
                    if (line.contains(fragment)) {
                        return line;
                    }
                }
            }
            throw new AssertionError("no line with '" + fragment + "'; output so far:\n" + String.join("\n", seen));
        }

        List<String> drain() throws InterruptedException {
            process.waitFor(60, TimeUnit.SECONDS);
            Thread.sleep(100);
            lines.drainTo(seen);
            return seen;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private Path profile(String text) throws IOException {
        Path p = dir.resolve("lab/unit1.profile");
        Files.createDirectories(p.getParent());
        // No SNTP server here: the transport starts only on the lab override of the unit clock
        // (last, so that the line numbers of the test's own lines stay as written).
        Files.writeString(p, text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "SecureTA.LabAllowUnsynchronisedClock=Enable\n");
        return p;
    }

    @Test
    void withoutAShellTheUnitPrintsOneParsableLinePerEvent() throws Exception {
        Path profile = profile("SipEp.TransportConfig[gw].TlsEnable=Enable\n");
        try (Unit unit = new Unit(List.of("run", profile.toString(), "--no-shell"))) {
            String started = unit.await(" UNIT unit=secureta state=Started");
            assertTrue(started.contains("home=" + dir.resolve("lab/unit1.home")), "default home beside the profile: " + started);
            unit.await(" PROFILE source=" + profile + " state=Applied");
            unit.await(" TRANSPORT transport=TLS state=Started");
            for (String line : unit.seen) {
                assertTrue(EVENT_LINE.matcher(line).matches(), "not an event line: " + line);
            }
            assertTrue(Files.isDirectory(dir.resolve("lab/unit1.home/certs/other")));
            assertTrue(Files.isDirectory(dir.resolve("lab/unit1.home/certs/host")));
            assertTrue(Files.isRegularFile(dir.resolve("lab/unit1.home/running.profile")));
        }
    }

    @Test
    void aGeneratedWebPasswordGoesToAnOwnerOnlyFileAndStandardOutputKeepsOnlyEventLines() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path profile = profile("SecureTA.WebHttpsPort=" + port + "\n");
        Path file = dir.resolve("lab/unit1.home/web-admin-password");
        try (Unit unit = new Unit(List.of("run", profile.toString(), "--no-shell"))) {
            String announced = unit.await(" WEB web=admin state=PasswordGenerated");
            assertTrue(announced.contains(" file=" + file + " "), announced);
            unit.await(" UNIT unit=secureta state=Started");
            String password = Files.readString(file).strip();
            assertEquals(16, password.length());
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            for (String line : unit.seen) {
                assertTrue(EVENT_LINE.matcher(line).matches(), "not an event line: " + line);
                assertTrue(!line.contains(password), "the password is never printed: " + line);
            }
        }
    }

    @Test
    void certificateFilesPlacedInTheHomeBeforeStartAreLoadedAndBadOnesReported() throws Exception {
        Path profile = profile("SipEp.TransportConfig[gw].TlsEnable=Enable\n");
        Path home = dir.resolve("lab/unit1.home");
        Files.createDirectories(home.resolve("certs/other"));
        CertificateKit kit = new CertificateKit(Clock.systemUTC());
        PemFiles.writeCertificate(home.resolve("certs/other/lab-ca.crt"), kit.certificateAuthority("Lab CA").certificate());
        Files.writeString(home.resolve("certs/other/notes.crt"), "this is not a certificate");
        try (Unit unit = new Unit(List.of("run", profile.toString(), "--no-shell"))) {
            String loaded = unit.await(" CERT ");
            assertTrue(loaded.contains("state=Loaded category=Other issuedTo=\"Lab CA\""), loaded);
            String rejected = unit.await("ERROR source=certificates state=Rejected file=notes.crt");
            assertTrue(rejected.contains("reason="), rejected);
            unit.await("UNIT unit=secureta state=Started");
        }
    }

    @Test
    void aProfileWithErrorsStopsTheUnitWithEveryErrorAndExitCode2() throws Exception {
        Path profile = profile("""
                SipEp.TransportTlsVersion=TLSv3
                SipEp.TransportConfig[gw].TlsEnable=Enable
                SipEp.TransportConfig[gw].UdpEnable=Enable
                """);
        try (Unit unit = new Unit(List.of("run", profile.toString(), "--no-shell"))) {
            String first = unit.await("ERROR source=profile state=Rejected");
            assertTrue(first.contains("unit1.profile:1: SipEp.TransportTlsVersion: 'TLSv3' is not allowed"), first);
            unit.await("UNIT unit=secureta state=ConfigError");
            assertTrue(unit.process.waitFor(30, TimeUnit.SECONDS), "the unit stops by itself");
            assertEquals(2, unit.process.exitValue());
            List<String> all = unit.drain();
            assertTrue(all.stream().noneMatch(l -> l.contains("state=Started")), String.join("\n", all));
        }
    }

    @Test
    void aUnitRestartedFromItsHomeKeepsItsSavedProfile() throws Exception {
        Path profile = profile("SipEp.TransportPersistentBasePort=17000\n");
        Path home = dir.resolve("home");
        try (Unit unit = new Unit(List.of("run", profile.toString(), "--home", home.toString(), "--no-shell"))) {
            unit.await("basePort=17000");
        }
        try (Unit unit = new Unit(List.of("run", "--home", home.toString(), "--no-shell"))) {
            unit.await("PROFILE source=" + home.resolve("running.profile") + " state=Applied");
            unit.await("basePort=17000");
        }
    }

    @Test
    void theShellRunsTheUnitsCommands() throws Exception {
        Path profile = profile("SipEp.TransportTlsVersion=TLSv1_2\n");
        try (Unit unit = new Unit(List.of("run", profile.toString()))) {
            unit.await("UNIT unit=secureta state=Started");
            OutputStream stdin = unit.process.getOutputStream();
            stdin.write("ta:get SipEp.TransportTlsVersion\nta:set 'SipEp.TransportConfig[gw].TlsEnable' Enable\nta:status\n"
                    .getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            unit.await("SipEp.TransportTlsVersion=TLSv1_2");
            unit.await("SipEp.TransportConfig[gw].TlsEnable saved; restart required for SipEp (ta:restart)");
            unit.await("restart required: SipEp");
            int before = unit.seen.size();
            stdin.write("ta:restart\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            unit.await("restarted SipEp");
            // The shell shows the unit's event lines: those the restart caused follow its answer.
            unit.await("TRANSPORT transport=TLS state=Started");
            assertTrue(unit.seen.subList(before, unit.seen.size()).stream().anyMatch(l -> l.contains(" TRANSPORT transport=TLS state=")),
                    "the restarted transport's events in the shell: " + unit.seen.subList(before, unit.seen.size()));
        }
    }

    @Test
    void theShellExplainsEveryCommandAndExitLeavesItCleanly() throws Exception {
        Path profile = profile("SipEp.TransportConfig[gw].TlsEnable=Enable\n");
        try (Unit unit = new Unit(List.of("run", profile.toString()), true)) {
            unit.await("UNIT unit=secureta state=Started");
            OutputStream stdin = unit.process.getOutputStream();
            stdin.write("help ta:get\nta:get\nhelp ta:call\nexit\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            unit.await("the value of a profile variable");
            unit.await("usage: ta:get VAR");
            unit.await("calls USER at the first line's gateway");
            assertTrue(unit.process.waitFor(60, TimeUnit.SECONDS), "exit leaves the shell and stops the unit: " + unit.seen);
            assertEquals(0, unit.process.exitValue());
            List<String> all = unit.drain();
            for (String line : all) {
                assertFalse(line.contains("Cannot coerce") || line.contains("CommandNotFoundException") || line.contains("IllegalArgumentException"),
                        "a Gogo error: " + line + "\n" + String.join("\n", all));
                assertFalse(line.contains("WaitingForClock"), "no clock wait announced while the unit stops: " + line);
            }
        }
    }

    @Test
    void aRefusedProfileLeavesNoHomeBehind() throws Exception {
        Path profile = profile("SipEp.TransportTlsVersion=TLSv1.2\n");
        try (Unit unit = new Unit(List.of("call", profile.toString(), "200"), true)) {
            String refused = unit.await("ERROR source=profile state=Rejected");
            assertTrue(refused.contains("did you mean 'TLSv1_2'"), refused);
            assertTrue(unit.process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(2, unit.process.exitValue(), String.join("\n", unit.drain()));
        }
        assertFalse(Files.exists(dir.resolve("lab/unit1.home")), "the home ta call made for the refused profile is gone");
    }

    @Test
    void theProxyToolsRunFromTheDistribution() throws Exception {
        Path kit = dir.resolve("kit");
        try (Unit unit = new Unit(List.of("certs", "--out", kit.toString(), "--proxy-host", "127.0.0.1", "--unit", "ta1"), true)) {
            assertTrue(unit.process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, unit.process.exitValue(), String.join("\n", unit.drain()));
        }
        assertTrue(Files.isRegularFile(kit.resolve("units/ta1/certs/other/ca.crt")));
        Path profile = profile("""
                SipEp.TransportConfig[gw].TlsEnable=Enable
                SipEp.GwSpecificRegistration[gw].ServerHost=127.0.0.1:5062
                """);
        Path out = dir.resolve("proxy");
        try (Unit unit = new Unit(List.of("opensips-config", profile.toString(), "--target", "kamailio-5", "--out", out.toString()), true)) {
            assertTrue(unit.process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, unit.process.exitValue(), String.join("\n", unit.drain()));
        }
        assertTrue(Files.readString(out.resolve("kamailio.cfg")).contains("listen=tls:127.0.0.1:5062"));
        try (Unit unit = new Unit(List.of("opensips-config", profile.toString(), "--target", "asterisk", "--out", out.toString()), true)) {
            unit.await("asterisk");
            assertTrue(unit.process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(2, unit.process.exitValue());
        }
    }

    @Test
    void helpAndUsageErrors() throws Exception {
        try (Unit unit = new Unit(List.of("help"))) {
            unit.await("ta run PROFILE [--home DIR] [--bundles DIR]... [--no-shell]");
            assertTrue(unit.process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, unit.process.exitValue());
        }
        try (Unit unit = new Unit(List.of("run", dir.resolve("missing.profile").toString()), true)) {
            unit.await("ta run: no profile file");
            assertTrue(unit.process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(Main.USAGE, unit.process.exitValue());
        }
    }
}
