package org.secureta.transport.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Chooses the persistent local port: the first free port from SipEp.TransportPersistentBasePort
 * upward. Ports taken by other units of this JVM count as busy even though the unit's own
 * sockets share a port through SO_REUSEPORT: the probe bind has no SO_REUSEPORT, so the kernel
 * refuses it wherever any socket already listens.
 */
final class PortAllocator {

    private static final Set<Integer> CLAIMED = new HashSet<>();

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
