package org.secureta.proxykit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the kit looks for each proxy, and the ports it hands out. */
class ProxyTest {

    @TempDir
    Path dir;

    private Path executable(String name) throws IOException {
        Path p = Files.createDirectories(dir.resolve("sbin")).resolve(name);
        Files.writeString(p, "#!/bin/sh\n");
        assertTrue(p.toFile().setExecutable(true));
        return p;
    }

    @Test
    void theVariableWinsOverPathAndANonExecutableVariableIsNoProxy() throws IOException {
        Path named = executable("opensips");
        assertEquals(Optional.of(named), Proxy.OPENSIPS.find(Map.of("SECURETA_OPENSIPS", named.toString(), "PATH", "/nowhere")));
        assertEquals(Optional.empty(), Proxy.OPENSIPS.find(Map.of("SECURETA_OPENSIPS", dir.resolve("missing").toString(),
                "PATH", named.getParent().toString())), "a variable naming nothing does not fall back to PATH");
        assertEquals(Optional.of(named), Proxy.OPENSIPS.find(Map.of("PATH", "/nowhere:" + named.getParent())));
    }

    @Test
    void namesAndTargetsAreTheCommandLines() {
        assertEquals(Optional.of(Proxy.OPENSIPS), Proxy.parse("opensips"));
        assertEquals(Optional.empty(), Proxy.parse("asterisk"));
        assertEquals("opensips-3", Proxy.OPENSIPS.target());
        assertEquals("kamailio-5", Proxy.KAMAILIO.target());
    }

    @Test
    void freePortsAreFreeForTcpAndUdpAndNeverHandedOutTwice() throws IOException {
        FreePorts ports = new FreePorts();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int port = ports.next();
            assertTrue(seen.add(port), "port " + port + " handed out twice");
            try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
                tcp.bind(new InetSocketAddress(FreePorts.loopback(), port));
                udp.bind(new InetSocketAddress(FreePorts.loopback(), port));
            }
        }
        List<Integer> batch = FreePorts.tcpAndUdp(3);
        assertEquals(3, new HashSet<>(batch).size());
        assertTrue(FreePorts.persistentBase() <= 64000);
        assertNotEquals(0, FreePorts.tcpAndUdp());
    }
}
