package org.secureta.provisioning.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.provisioning.profile.DeviceSchema;
import org.secureta.provisioning.profile.ProfileParser;
import org.secureta.transport.UnitEvent;

/**
 * SNTP against a real NTP server: Debian's chronyd (package {@code chrony}) serving its own
 * clock ({@code local stratum 8}) on a free loopback port, never touching the system clock.
 */
class ClockSynchroniserTest {

    private static final Path CHRONYD = Path.of("/usr/sbin/chronyd");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private Process chronyd;

    @AfterEach
    void stopChronyd() throws Exception {
        if (chronyd != null) {
            chronyd.destroy();
            chronyd.waitFor();
        }
    }

    private int startChronyd() throws Exception {
        assumeTrue(Files.isExecutable(CHRONYD), "chronyd is not installed (Debian package chrony): test skipped");
        int port = freeUdpPort();
        Path conf = dir.resolve("chrony.conf");
        Files.writeString(conf, String.join("\n",
                "local stratum 8",
                "allow 127.0.0.1",
                "bindaddress 127.0.0.1",
                "port " + port,
                "cmdport 0",
                "pidfile " + dir.resolve("chronyd.pid"),
                "driftfile " + dir.resolve("drift"), ""));
        // -x: never adjust the system clock; -U/-u: run as whoever runs the test, in the temp folder.
        chronyd = new ProcessBuilder(CHRONYD.toString(), "-d", "-x", "-U", "-u", System.getProperty("user.name"), "-f", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chronyd.out").toFile()).start();
        return port;
    }

    private static SntpSettings settings(String profile) throws Exception {
        return SntpSettings.from(new ProfileParser(DeviceSchema.DGW_2_0).parse(profile, "test.profile"));
    }

    /** A host clock one hour late: what the unit measures is the hour it must add. */
    @Test
    void synchronisingWithChronydMeasuresTheOffsetAndTheUnitClockAppliesIt() throws Exception {
        int port = startChronyd();
        Clock lateHost = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        UnitClock unitClock = new UnitClock(lateHost);
        ClockSynchroniser synchroniser = new ClockSynchroniser(unitClock, lateHost, TIMEOUT);
        SntpSettings settings = settings("Hoc.StaticSntpServers[1].HostName=127.0.0.1:" + port);

        UnitEvent event = awaitSynchronised(synchroniser, settings);

        assertEquals("Synchronised", event.get("state"), event.toLine());
        assertEquals("127.0.0.1:" + port, event.get("server"));
        assertEquals("8", event.get("stratum"), "chronyd serves its local reference at the configured stratum");
        assertTrue(event.get("offset").startsWith("+3600.") || event.get("offset").startsWith("+3599.9"), event.toLine());
        ClockState state = synchroniser.state();
        assertTrue(state.synchronised());
        assertTrue(Duration.ofHours(1).minus(state.offset()).abs().toMillis() < 200, state.offset()::toString);
        assertTrue(Duration.between(Instant.now(), unitClock.instant()).abs().toMillis() < 200,
                "the unit clock shows the server's time, not the late host's");
    }

    /** chronyd may need a moment after start before it answers as synchronised. */
    private static UnitEvent awaitSynchronised(ClockSynchroniser synchroniser, SntpSettings settings) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        UnitEvent event;
        do {
            event = synchroniser.synchronise(settings);
            if ("Synchronised".equals(event.get("state"))) {
                return event;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return event;
    }

    @Test
    void withNoReachableServerTheClockStaysUnsynchronisedAndSaysWhy() throws Exception {
        int port = freeUdpPort();
        ClockSynchroniser synchroniser = new ClockSynchroniser(UnitClock.systemUtc(), Clock.systemUTC(), Duration.ofMillis(500));
        UnitEvent event = synchroniser.synchronise(settings("Hoc.StaticSntpServers[1].HostName=127.0.0.1:" + port));
        assertEquals("Unsynchronised", event.get("state"));
        assertTrue(event.get("reason").startsWith("127.0.0.1:" + port + ": "), event.toLine());
        assertFalse(synchroniser.state().synchronised());
        assertEquals(Duration.ZERO, synchroniser.state().offset());
    }

    @Test
    void theNextServerIsAskedWhenTheFirstFails() throws Exception {
        int port = startChronyd();
        int dead = freeUdpPort();
        ClockSynchroniser synchroniser = new ClockSynchroniser(UnitClock.systemUtc(), Clock.systemUTC(), Duration.ofMillis(500));
        UnitEvent event = awaitSynchronised(synchroniser, settings(
                "Hoc.StaticSntpServers[1].HostName=127.0.0.1:" + dead + "\nHoc.StaticSntpServers[2].HostName=127.0.0.1:" + port));
        assertEquals("Synchronised", event.get("state"), event.toLine());
        assertEquals("127.0.0.1:" + port, event.get("server"));
    }

    @Test
    void withoutServersOrWithDhcpAsSourceTheReasonNamesTheVariable() throws Exception {
        ClockSynchroniser synchroniser = new ClockSynchroniser(UnitClock.systemUtc(), Clock.systemUTC(), TIMEOUT);
        assertEquals("no SNTP server configured (Hoc.StaticSntpServers[1].HostName=host:port)",
                synchroniser.synchronise(settings("")).get("reason"));
        assertTrue(synchroniser.synchronise(settings("Hoc.SntpConfigSource=Automatic\nHoc.StaticSntpServers[1].HostName=127.0.0.1:9"))
                .get("reason").startsWith("Hoc.SntpConfigSource=Automatic takes the servers from DHCP"));
    }

    @Test
    void aKissOfDeathOrAnUnsynchronisedServerIsNotTrusted() throws Exception {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread answering = new Thread(() -> answer(server, 2));
            answering.start();
            ClockSynchroniser synchroniser = new ClockSynchroniser(UnitClock.systemUtc(), Clock.systemUTC(), TIMEOUT);
            SntpSettings settings = settings("Hoc.StaticSntpServers[1].HostName=127.0.0.1:" + server.getLocalPort());
            UnitEvent kiss = synchroniser.synchronise(settings);
            assertEquals("Unsynchronised", kiss.get("state"));
            assertTrue(kiss.get("reason").contains("kiss-o'-death RATE"), kiss.toLine());
            UnitEvent alarm = synchroniser.synchronise(settings);
            assertTrue(alarm.get("reason").contains("the server's own clock is not synchronised (leap indicator 3"), alarm.toLine());
            answering.join(5000);
        }
    }

    /** Answers the first request with a RATE kiss-o'-death, the second with leap indicator 3 (alarm). */
    private static void answer(DatagramSocket server, int count) {
        try {
            for (int i = 0; i < count; i++) {
                byte[] buffer = new byte[48];
                DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                server.receive(request);
                ByteBuffer reply = ByteBuffer.allocate(48);
                boolean kiss = i == 0;
                reply.put(0, (byte) ((kiss ? 0 : 3) << 6 | 4 << 3 | 4));
                reply.put(1, (byte) (kiss ? 0 : 2));
                reply.put(12, (byte) 'R').put(13, (byte) 'A').put(14, (byte) 'T').put(15, (byte) 'E');
                reply.putLong(24, ByteBuffer.wrap(buffer).getLong(40));
                reply.putLong(32, NtpTimestamp.of(Instant.now()));
                reply.putLong(40, NtpTimestamp.of(Instant.now()));
                server.send(new DatagramPacket(reply.array(), 48, request.getSocketAddress()));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void ntpTimestampsRoundTripAcrossTheEra0Boundary() {
        for (Instant t : new Instant[] {Instant.parse("2026-11-27T00:00:00.123456Z"), Instant.parse("2036-02-07T06:28:16Z"),
                Instant.parse("2040-01-01T00:00:00.5Z")}) {
            Instant back = NtpTimestamp.toInstant(NtpTimestamp.of(t));
            assertTrue(Duration.between(t, back).abs().toNanos() <= 1, t + " came back as " + back);
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }
}
