package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.proxykit.EachProxy;
import org.secureta.proxykit.FreePorts;
import org.secureta.proxykit.Proxy;
import org.secureta.proxykit.ProxyProcess;

/**
 * The guide's set-up done with SecureTA alone, against each proxy present: `ta certs` makes the
 * certificates, `ta opensips-config` makes the proxy's configuration from the unit's profile
 * (kamailio-5 or opensips-3), the real proxy runs it as written, and the unit, configured by the
 * same profile and by certificate files placed in its home, registers over TLS with HostName
 * validation; the proxy's registrar then holds the unit's link as the binding.
 */
class ProxyEndToEndIT {

    @TempDir
    Path dir;

    @EachProxy.Test
    void aUnitRegistersThroughTheProxyGeneratedFromItsProfile(Proxy kind) throws Exception {
        Path executable = kind.find().orElseThrow();
        int port = FreePorts.tcpAndUdp();
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
        List<String> args = new java.util.ArrayList<>(List.of("opensips-config", profile.toString(), "--target", kind.target(),
                "--out", proxy.toString(), "--cert-dir", kit.resolve("proxy").toString()));
        if (kind == Proxy.OPENSIPS) {
            args.addAll(List.of("--module-path", org.secureta.launcher.scenario.ProxyConfig.modulesBeside(executable).toString()));
        }
        run(args.toArray(String[]::new));

        // The unit's home, set up by files alone: the kit's folder for unit1 is laid out like it.
        Path home = dir.resolve("unit1.home");
        copyTree(kit.resolve("units/unit1/certs"), home.resolve("certs"));

        Path script = proxy.resolve(kind == Proxy.KAMAILIO ? "kamailio.cfg" : "opensips.cfg");
        try (ProxyProcess running = ProxyProcess.start(kind, executable, script, new InetSocketAddress("127.0.0.1", port),
                dir.resolve("proxy-run"), Duration.ofSeconds(20))) {
            try (LauncherIT.Unit unit = new LauncherIT.Unit(List.of("run", profile.toString(), "--no-shell"))) {
                unit.await("CERT ");
                String link = unit.await("TLS_LINK gateway=Lab state=Up");
                assertTrue(link.contains("establishing persistent connection"), link);
                unit.await("REGISTRATION line=Port1 state=Registered");
                List<String> bindings = running.bindings("100");
                assertEquals(1, bindings.size(), "one binding for line 100: " + bindings);
                assertTrue(bindings.get(0).contains("transport=tls"), bindings.get(0));
            }
        }
    }

    private void run(String... args) throws Exception {
        try (LauncherIT.Unit tool = new LauncherIT.Unit(List.of(args), true)) {
            assertTrue(tool.process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, tool.process.exitValue(), String.join("\n", tool.drain()));
        }
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
