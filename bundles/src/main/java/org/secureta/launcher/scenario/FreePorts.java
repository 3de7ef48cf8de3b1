package org.secureta.launcher.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Loopback ports that are free for both TCP and UDP right now, never a well-known one, and
 * never the same one twice from one instance (several developers' tests share this machine).
 */
public final class FreePorts {

    /** SipEp.TransportPersistentBasePort allows 1025..64535; the kernel's ephemeral range is within. */
    private static final int HIGHEST = 64535;

    private final Set<Integer> handedOut = new HashSet<>();

    public static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

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
