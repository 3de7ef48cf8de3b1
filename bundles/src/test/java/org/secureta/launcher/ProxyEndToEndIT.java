package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's set-up done with SecureTA alone: `ta certs` makes the certificates, `ta
 * opensips-config` makes a Kamailio configuration from the unit's profile, a real Kamailio runs
 * it, and the unit, configured by the same profile and by certificate files placed in its home,
 * registers over TLS with HostName validation.
 */
class ProxyEndToEndIT {

    private static final Path KAMAILIO = Path.of("/usr/sbin/kamailio");

    @TempDir
    Path dir;

    @Test
    void aUnitRegistersThroughTheKamailioGeneratedFromItsProfile() throws Exception {
        assumeTrue(Files.isExecutable(KAMAILIO), "kamailio is not installed here (apt-get install kamailio kamailio-tls-modules)");
        int port = freePort();
        Path kit = dir.resolve("kit");
        run("certs", "--out", kit.toString(), "--proxy-host", "127.0.0.1", "--unit", "unit1");
        Path profile = dir.resolve("unit1.profile");
        Files.writeString(profile, String.join("\n",
                "SecureTA.LabAllowUnsynchronisedClock=Enable",
                "SipEp.TransportConfig[Lab].TlsEnable=Enable",
                "SipEp.TransportConfig[Lab].RegistrationEnable=Enable",
                "SipEp.TransportConfig[Lab].ContactEnable=Enable",
                "SipEp.TransportTlsVersion=TLSv1_2",
                "SipEp.InteropTlsCertificateValidation=HostName",
                "SipEp.GwSpecificRegistration[Lab].ServerHost=127.0.0.1:" + port,
                "SipEp.UserAgent[Port1].Username=100",
                "SipEp.Authentication[Port1].Password=e2e-secret-100", ""));
        Path proxy = dir.resolve("proxy");
        run("opensips-config", profile.toString(), "--target", "kamailio-5", "--out", proxy.toString(),
                "--cert-dir", kit.resolve("proxy").toString());

        // The unit's home, set up by files alone: the kit's folder for unit1 is laid out like it.
        Path home = dir.resolve("unit1.home");
        copyTree(kit.resolve("units/unit1/certs"), home.resolve("certs"));

        Path work = dir.resolve("kamailio-run");
        Files.createDirectories(work);
        Process kamailio = new ProcessBuilder(KAMAILIO.toString(), "-f", proxy.resolve("kamailio.cfg").toString(), "-DD", "-E",
                "-w", work.toString(), "-Y", work.toString(), "-m", "32", "-M", "8",
                "-A", "CTL_SOCKET=\"unix:" + work.resolve("ctl.sock") + "\"")
                .redirectErrorStream(true).redirectOutput(work.resolve("kamailio.log").toFile()).start();
        try {
            awaitListening(kamailio, port, work.resolve("kamailio.log"));
            try (LauncherIT.Unit unit = new LauncherIT.Unit(List.of("run", profile.toString(), "--no-shell"))) {
                unit.await("CERT ");
                String link = unit.await("TLS_LINK gateway=Lab state=Up");
                assertTrue(link.contains("establishing persistent connection"), link);
                unit.await("REGISTRATION line=Port1 state=Registered");
            }
        } finally {
            // Kamailio's workers share its process group only in the foreground; stop them all.
            kamailio.descendants().forEach(ProcessHandle::destroy);
            kamailio.destroy();
            kamailio.waitFor(10, TimeUnit.SECONDS);
            kamailio.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    private void run(String... args) throws Exception {
        try (LauncherIT.Unit tool = new LauncherIT.Unit(List.of(args), true)) {
            assertTrue(tool.process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, tool.process.exitValue(), String.join("\n", tool.drain()));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static void awaitListening(Process kamailio, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!kamailio.isAlive()) {
                throw new AssertionError("kamailio exited: " + Files.readString(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("kamailio did not listen on " + port + ": " + Files.readString(log));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
