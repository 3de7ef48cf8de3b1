package org.secureta.proxykit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsComeFromBelowTheKernelsEphemeralRangeSoThatNoOutgoingConnectionCanTakeThemFirst() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int ephemeralLow = Files.isReadable(range) ? Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]) : 32768;
        List<Integer> ports = FreePorts.tcpAndUdp(20);
        assertEquals(20, new HashSet<>(ports).size(), "distinct: " + ports);
        for (int port : ports) {
            if (ephemeralLow - FreePorts.LOWEST >= 2000) {
                assertTrue(port >= FreePorts.LOWEST && port < ephemeralLow, port + " outside " + FreePorts.LOWEST + ".." + (ephemeralLow - 1));
            }
        }
    }

    @Test
    void aHandedOutPortCanBeBoundForTcpAndUdp() throws Exception {
        int port = FreePorts.tcpAndUdp();
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
            tcp.bind(new InetSocketAddress(FreePorts.loopback(), port));
            udp.bind(new InetSocketAddress(FreePorts.loopback(), port));
        }
    }

    @Test
    void oneInstanceNeverHandsOutAPortTwice() {
        FreePorts ports = new FreePorts();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            assertTrue(seen.add(ports.next()), "handed out twice");
        }
    }

    @Test
    void aHostWhoseEphemeralRangeStartsLowGetsPortsAboveIt() {
        assertArrayEquals(new int[]{10000, 32767}, FreePorts.pool(32768, 60999));
        assertArrayEquals(new int[]{50001, 64535}, FreePorts.pool(1024, 50000));
    }

    @Test
    void aBaseForTwoThousandUnitsLeavesRoomForAllOfThemBelowPort65536() {
        for (int i = 0; i < 50; i++) {
            int base = FreePorts.persistentBase(2000);
            assertTrue(base >= FreePorts.LOWEST && base + 1999 <= 65535, "base " + base);
        }
    }

    @Test
    void onAHostWhoseEphemeralRangeStartsLowTwoThousandUnitsStillFitAboveIt() {
        // The CI host's pool: the ports above an ephemeral range of 1024..60999.
        assertArrayEquals(new int[]{61000, 62536}, FreePorts.baseRange(FreePorts.pool(1024, 60999), 2000));
        assertArrayEquals(new int[]{10000, 30768}, FreePorts.baseRange(FreePorts.pool(32768, 60999), 2000));
    }
}
