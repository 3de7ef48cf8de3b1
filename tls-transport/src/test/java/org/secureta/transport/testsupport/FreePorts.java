package org.secureta.transport.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free loopback ports, TCP and UDP both free, never well-known ones. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int tcpAndUdp() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort()))) {
                return tcp.getLocalPort();
            } catch (IOException busy) {
                // try another
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port found"));
    }

    /** A free base for the persistent port, in the unit's allowed range 1025..64535. */
    public static int persistentBase() {
        while (true) {
            int port = tcpAndUdp();
            if (port <= 64000) {
                return port;
            }
        }
    }
}
