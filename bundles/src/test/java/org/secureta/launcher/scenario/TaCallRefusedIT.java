package org.secureta.launcher.scenario;

import org.secureta.launcher.UnitProfile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.secureta.proxykit.EachProxy;
import org.secureta.proxykit.Proxy;

/**
 * {@code ta call} with credentials the registrar refuses ends at once, with its own exit code and
 * a failure that names the refused user and realm (never the password), instead of waiting out
 * its 30 s for a registration the unit keeps retrying.
 */
class TaCallRefusedIT {

    static final Path DIST = Path.of(System.getProperty("secureta.dist", "target/secureta"));
    /** Main.REGISTRATION_REFUSED, documented in docs/ta-call.md. */
    private static final int REGISTRATION_REFUSED = 3;

    @TempDir
    Path dir;

    @EachProxy.Test
    void wrongCredentialsEndTheCallWithinSecondsNamingUserAndRealm(Proxy proxy) throws Exception {
        try (ProxyLab lab = ProxyLab.create(proxy, DIST, dir, List.of("unit1"), System.out)) {
            UnitProfile known = UnitProfile.tlsLine("100", "right-pw-100", lab.registrar(), lab.ports().next());
            lab.startProxy(Map.of("unit1", known));
            Path home = dir.resolve("caller.home");
            Files.createDirectories(home.resolve("certs/other"));
            Files.copy(lab.kit().caCertificate(), home.resolve("certs/other/ca.crt"), StandardCopyOption.REPLACE_EXISTING);
            Path profile = known.with("SipEp.Authentication[Port1].Password", "wrong-pw-100").withSntpServer(lab.sntpServer())
                    .write(dir.resolve("caller.profile"));

            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", DIST.resolve("lib/launcher.jar").toString(), "call", profile.toString(), "101", "--home", home.toString());
            Process call = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> output = new ArrayList<>();
            long refusedAt = 0;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(call.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.add(line);
                    if (refusedAt == 0 && line.contains(" REGISTRATION line=Port1 state=AuthFailed")) {
                        refusedAt = System.nanoTime();
                    }
                }
            }
            assertTrue(call.waitFor(90, TimeUnit.SECONDS), "ta call did not end:\n" + String.join("\n", output));
            long afterRefusal = (System.nanoTime() - refusedAt) / 1_000_000;
            String text = String.join("\n", output);
            assertTrue(refusedAt != 0, "the unit never posted AuthFailed:\n" + text);
            assertEquals(REGISTRATION_REFUSED, call.exitValue(), text);
            // Before: the refusal was seen after 0.4 s, then ta call waited 30 s for Registered.
            assertTrue(afterRefusal < 10_000, "ta call ended " + afterRefusal + " ms after the refusal:\n" + text);
            String failed = output.stream().filter(l -> l.startsWith("FAILED: line Port1")).findFirst()
                    .orElseThrow(() -> new AssertionError("no FAILED line for Port1:\n" + text));
            System.out.println("ta call said: " + failed + " (exit " + call.exitValue() + ", " + afterRefusal + " ms after AuthFailed)");
            assertTrue(failed.contains("registration refused (AuthFailed) for user 100") && failed.contains("realm"), failed);
            assertTrue(output.contains("RESULT: FAIL"), text);
            assertFalse(text.contains("wrong-pw-100"), "the password is never printed:\n" + text);
        }
    }
}
