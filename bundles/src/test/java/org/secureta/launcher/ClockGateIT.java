package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide makes NTP mandatory with the security features, since certificate dates are checked:
 * a unit whose SNTP server does not answer keeps its SIP transport (and so every TLS link) down and
 * says so in {@code ta:status}; once a real NTP server (Debian's chronyd, serving its own clock on a
 * free loopback port, never touching the system clock) answers there, the unit's clock becomes
 * usable and the TLS transport starts.
 */
class ClockGateIT {

    private static final Path CHRONYD = Path.of("/usr/sbin/chronyd");

    @TempDir
    Path dir;

    private Process chronyd;

    @AfterEach
    void stopChronyd() throws InterruptedException {
        if (chronyd != null) {
            chronyd.destroy();
            chronyd.waitFor();
        }
    }

    @Test
    void aUnitWaitsForItsSntpServerBeforeTheTlsTransportComesUp() throws Exception {
        assumeTrue(Files.isExecutable(CHRONYD), "chronyd is not installed (Debian package chrony): test skipped");
        int ntpPort = freeUdpPort();
        int persistentPort = freeUdpPort();
        Path profile = dir.resolve("unit.profile");
        Files.writeString(profile, String.join("\n",
                "Hoc.StaticSntpServers[1].HostName=127.0.0.1:" + ntpPort,
                "SipEp.TransportConfig[gw].TlsEnable=Enable",
                "SipEp.TransportPersistentBasePort=" + Math.min(persistentPort, 64535), ""));
        try (Container c = Container.start(new LaunchOptions(ContainerIT.DIST, dir.resolve("home"), Optional.of(profile), false, false))) {
            assertTrue(c.awaitReady(Duration.ofSeconds(60)));
            String waiting = awaitStatus(c, "TRANSPORT transport=TLS state=WaitingForClock", Duration.ofSeconds(20));
            assertTrue(waiting.contains("waiting for a synchronised clock"), waiting);
            Thread.sleep(3000);
            String stillWaiting = c.command("status");
            assertTrue(stillWaiting.contains("state=WaitingForClock"), stillWaiting);
            assertFalse(stillWaiting.contains("TRANSPORT transport=TLS state=Started"), stillWaiting);

            startChronyd(ntpPort);
            // The unit retries its SNTP server every 30 s until the first answer.
            String started = awaitStatus(c, "TRANSPORT transport=TLS state=Started", Duration.ofSeconds(60));
            assertTrue(started.contains("CLOCK clock=unit state=Synchronised"), started);
            assertFalse(started.contains("state=WaitingForClock"), "the transport's own event replaced the waiting one:\n" + started);
        }
    }

    private static String awaitStatus(Container c, String expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = c.command("status");
            if (status.contains(expected)) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + expected + "' in ta:status within " + timeout + ":\n" + status);
    }

    private void startChronyd(int port) throws Exception {
        Path conf = dir.resolve("chrony.conf");
        Files.writeString(conf, String.join("\n",
                "local stratum 8",
                "allow 127.0.0.1",
                "bindaddress 127.0.0.1",
                "port " + port,
                "cmdport 0",
                "pidfile " + dir.resolve("chronyd.pid"),
                "driftfile " + dir.resolve("drift"), ""));
        // -x: never adjust the system clock; -U/-u: run as whoever runs the test.
        chronyd = new ProcessBuilder(CHRONYD.toString(), "-d", "-x", "-U", "-u", System.getProperty("user.name"), "-f", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chronyd.out").toFile()).start();
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }
}
