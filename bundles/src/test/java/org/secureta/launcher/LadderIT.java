package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message ladder in the real distribution (docs/ladder.md): the trace listens on the
 * transport's whiteboard and the unit's ta commands offer ta:trace and ta:ladder.
 */
class LadderIT {

    @TempDir
    Path dir;

    @Test
    void theUnitTracesSipMessagesAndOffersTheLadderCommands() throws Exception {
        Path profile = Files.writeString(dir.resolve("unit.profile"), "");
        try (Container c = Container.start(new LaunchOptions(ContainerIT.DIST, dir.resolve("home"), Optional.of(profile), false, false))) {
            assertTrue(c.awaitReady(Duration.ofSeconds(30)), () -> "not ready: " + c.bundlesNotUp());
            String services = c.services();
            assertTrue(services.contains("[org.secureta.transport.SipMessageListener, org.secureta.provisioning.ladder.MessageTrace]"),
                    services);
            assertEquals("no SIP messages traced yet", c.command("ladder"));
            assertEquals("no SIP messages traced yet", c.command("ladder", "all"));
            assertTrue(c.command("trace").startsWith("# secureta trace 1: time\tdirection"), c.command("trace"));
        }
    }
}
