package org.secureta.launcher.scenario;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.secureta.proxykit.FreePorts;

/**
 * A syslog server on a free loopback UDP port (RFC 5424 over UDP, RFC 5426), for the unit's
 * {@code SecureTA.SyslogRemoteHost}: keeps every message it receives.
 */
public final class SyslogReceiver implements AutoCloseable {

    private final DatagramSocket socket;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    public SyslogReceiver() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(FreePorts.loopback(), 0));
        Thread reader = new Thread(this::receive, "syslog-receiver-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    private void receive() {
        byte[] buffer = new byte[8192];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                messages.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** host:port for SecureTA.SyslogRemoteHost. */
    public String hostAndPort() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** Waits for a message containing the fragment. */
    public Optional<String> await(String fragment, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            Optional<String> found = messages.stream().filter(m -> m.contains(fragment)).findFirst();
            if (found.isPresent()) {
                return found;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    @Override
    public void close() {
        socket.close();
    }
}
