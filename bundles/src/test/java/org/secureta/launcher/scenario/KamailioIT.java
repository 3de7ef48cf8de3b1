package org.secureta.launcher.scenario;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.launcher.FreePorts;

/** The Kamailio runner on its own: ready when it listens, stopped when closed, and a clear error when it cannot start. */
class KamailioIT {

    @TempDir
    Path dir;

    @Test
    void itListensOnTheGeneratedTlsSocketUntilClosedAndAnswersKamcmd() throws Exception {
        assumeTrue(Kamailio.find().isPresent(), "kamailio is not installed here (apt-get install kamailio kamailio-tls-modules)");
        InetSocketAddress address;
        try (KamailioLab lab = KamailioLab.create(SecureCallThroughKamailioIT.DIST, dir, List.of("unit1"), System.out)) {
            Kamailio kamailio = lab.startProxy(java.util.Map.of("unit1",
                    UnitProfile.tlsLine("100", "runner-pw", lab.registrar(), lab.ports().next())));
            address = kamailio.listening();
            assertTrue(kamailio.isRunning());
            try (Socket s = new Socket()) {
                s.connect(address, 1000);
            }
            kamailio.kamcmd("core.version").ifPresent(v -> assertTrue(v.startsWith("kamailio "), "kamcmd reaches it over its own control socket: " + v));
        }
        try (Socket s = new Socket()) {
            assertThrows(IOException.class, () -> s.connect(address, 1000), "stopped with the lab: nothing listens any more");
        }
    }

    @Test
    void aConfigurationKamailioRefusesIsReportedWithTheEndOfItsLog() throws Exception {
        assumeTrue(Kamailio.find().isPresent(), "kamailio is not installed here (apt-get install kamailio kamailio-tls-modules)");
        Path cfg = dir.resolve("broken.cfg");
        Files.writeString(cfg, "#!KAMAILIO\nlisten=tls:127.0.0.1:" + new FreePorts().next() + "\nthis is not a directive;\n");
        IOException e = assertThrows(IOException.class,
                () -> Kamailio.start(cfg, new InetSocketAddress("127.0.0.1", 1), dir.resolve("run"), Duration.ofSeconds(15)));
        assertTrue(e.getMessage().startsWith("kamailio exited with code "), e.getMessage());
        assertTrue(e.getMessage().contains("broken.cfg"), "the log's parse error names the file: " + e.getMessage());
    }
}
