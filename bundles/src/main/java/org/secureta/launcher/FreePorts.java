package org.secureta.launcher;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback ports that are free right now, for the demo's units: never a well-known port, and
 * all of one request distinct (each is held open until the others are found).
 */
final class FreePorts {

    private FreePorts() {
    }

    /** {@code count} distinct ports free for both TCP and UDP on 127.0.0.1. */
    static List<Integer> tcpAndUdp(int count) throws IOException {
        List<AutoCloseable> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            while (ports.size() < count) {
                ServerSocket tcp = new ServerSocket();
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                held.add(tcp);
                try {
                    held.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort())));
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
}
