package org.secureta.proxykit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Loopback ports that are free for both TCP and UDP right now, for the tests', the demo's and the
 * scenarios' units and proxies: never a well-known port, and never the same one twice from one
 * request or one instance (several developers' tests share this machine). The one source of
 * ports for everything that starts a unit or a proxy.
 */
public final class FreePorts {

    /** SipEp.TransportPersistentBasePort allows 1025..64535; the kernel's ephemeral range is within. */
    private static final int HIGHEST = 64535;

    private final Set<Integer> handedOut = new HashSet<>();

    public static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    /** {@code count} distinct ports free for both TCP and UDP on 127.0.0.1 (each held open until the others are found). */
    public static List<Integer> tcpAndUdp(int count) throws IOException {
        List<AutoCloseable> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            while (ports.size() < count) {
                ServerSocket tcp = new ServerSocket();
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(loopback(), 0));
                held.add(tcp);
                try {
                    held.add(new DatagramSocket(new InetSocketAddress(loopback(), tcp.getLocalPort())));
                    ports.add(tcp.getLocalPort());
                } catch (IOException udpTaken) {
                    // Keep the TCP socket held so that it is not offered again; try another.
                }
            }
            return List.copyOf(ports);
        } finally {
            for (AutoCloseable socket : held) {
                try {
                    socket.close();
                } catch (Exception ignored) {
                    // releasing a probe socket
                }
            }
        }
    }

    /** One port free for both TCP and UDP on 127.0.0.1 right now. */
    public static int tcpAndUdp() {
        try {
            return tcpAndUdp(1).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * A free base for a unit's persistent ports (SipEp.TransportPersistentBasePort, 1025..64535),
     * low enough that the unit's few ports above it stay in range.
     */
    public static int persistentBase() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = tcpAndUdp();
            if (port <= 64000) {
                return port;
            }
        }
        throw new IllegalStateException("no loopback port free for both TCP and UDP at or below 64000");
    }

    /** One more port free for both TCP and UDP, not handed out before by this instance. */
    public synchronized int next() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(loopback(), 0));
                int port = tcp.getLocalPort();
                if (port > HIGHEST || handedOut.contains(port)) {
                    continue;
                }
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback(), port))) {
                    handedOut.add(port);
                    return port;
                } catch (IOException takenForUdp) {
                    // try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
        }
        throw new IllegalStateException("no loopback port free for both TCP and UDP after 50 attempts");
    }
}
