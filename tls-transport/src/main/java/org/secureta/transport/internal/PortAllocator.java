package org.secureta.transport.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the persistent local port: the first free port from SipEp.TransportPersistentBasePort
 * upward. Ports taken by other units of this JVM count as busy even though the unit's own
 * sockets share a port through SO_REUSEPORT: the probe bind has no SO_REUSEPORT, so the kernel
 * refuses it wherever any socket already listens.
 */
final class PortAllocator {

    private static final Set<Integer> CLAIMED = new HashSet<>();
    /** Per base port: where the next claim in a cycling window starts. */
    private static final Map<Integer, Integer> NEXT_IN_WINDOW = new HashMap<>();

    private PortAllocator() {
    }

    static synchronized int claim(InetAddress address, int base) throws IOException {
        for (int port = base; port <= 65535; port++) {
            if (!CLAIMED.contains(port) && isFree(address, port)) {
                CLAIMED.add(port);
                return port;
            }
        }
        throw new IOException("no free local port from persistentBasePort " + base + " upward on " + address.getHostAddress());
    }

    /**
     * With SipEp.TransportPersistentPortInterval set, the port is taken from the window
     * base..base+interval only, and each claim starts one port after the previous claim of the
     * same base, wrapping to the base: successive persistent connections cycle through the window
     * (a proxy then never sees a new connection from the port of one it may still hold half-open).
     */
    static synchronized int claim(InetAddress address, int base, int interval) throws IOException {
        if (interval == 0) {
            return claim(address, base);
        }
        int width = interval + 1;
        int start = NEXT_IN_WINDOW.getOrDefault(base, base);
        for (int i = 0; i < width; i++) {
            int port = base + Math.floorMod(start - base + i, width);
            if (port <= 65535 && !CLAIMED.contains(port) && isFree(address, port)) {
                CLAIMED.add(port);
                NEXT_IN_WINDOW.put(base, port + 1 > base + interval ? base : port + 1);
                return port;
            }
        }
        throw new IOException("no free local port in " + base + ".." + (base + interval)
                + " (SipEp.TransportPersistentBasePort, SipEp.TransportPersistentPortInterval) on " + address.getHostAddress());
    }

    static synchronized void release(int port) {
        CLAIMED.remove(port);
    }

    private static boolean isFree(InetAddress address, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException busy) {
            return false;
        }
    }
}
