package org.secureta.opensips.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ta:certs and ta:opensipsconfig run the launcher's code and are registered as Gogo commands. */
class GogoCommandsTest {

    @TempDir
    Path dir;

    @Test
    void theBundleRegistersBothCommandsInTheTaScope() throws Exception {
        // Written by bnd from the @Component annotation at build time.
        String descriptor = Files.readString(Path.of("target/classes/OSGI-INF/org.secureta.opensips.internal.GogoCommands.xml"));
        assertTrue(descriptor.contains("name=\"osgi.command.scope\" type=\"String\" value=\"ta\""), descriptor);
        assertTrue(descriptor.contains("opensipsconfig\ncerts"), descriptor);
    }

    @Test
    void theShellCommandsGiveTheCommandsOutputAndTheExitCodeWhenItIsNotZero() throws Exception {
        GogoCommands commands = new GogoCommands();
        String kit = commands.certs("--out", dir.resolve("kit").toString(), "--proxy-host", "192.0.2.10");
        assertTrue(kit.startsWith("Certificate kit in "), kit);
        Path profile = dir.resolve("u.profile");
        Files.writeString(profile, "SipEp.TransportConfig[Lab].TlsEnable=Enable\nSipEp.DefaultStaticRegistrarServerHost=192.0.2.10\n");
        String config = commands.opensipsconfig(profile.toString(), "--target", "kamailio-5", "--out", dir.resolve("k").toString(),
                "--cert-dir", dir.resolve("kit/proxy").toString());
        assertTrue(config.contains("Wrote a kamailio-5 configuration"), config);
        String refused = commands.opensipsconfig(profile.toString(), "--target", "ser-0.9", "--out", dir.toString());
        assertTrue(refused.contains("unknown target 'ser-0.9'") && refused.endsWith("(exit code 2)"), refused);
    }
}
