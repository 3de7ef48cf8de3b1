package org.secureta.provisioning.syslog;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;

/**
 * Sends syslog messages over UDP (RFC 5426): one message per datagram, truncated to 2048
 * octets, the size every receiver should accept (RFC 5426 3.2).
 */
public final class SyslogSender implements AutoCloseable {

    /** The default syslog port when SecureTA.SyslogRemoteHost names none (RFC 5426 3.3). */
    public static final int DEFAULT_PORT = 514;
    static final int MAX_OCTETS = 2048;

    private final InetSocketAddress receiver;
    private final DatagramSocket socket;

    public SyslogSender(InetSocketAddress receiver) throws SocketException {
        this.receiver = receiver;
        this.socket = new DatagramSocket();
    }

    /** Parses {@code host[:port]} as in SecureTA.SyslogRemoteHost ({@code [v6]:port} for IPv6). */
    public static InetSocketAddress receiver(String hostPort) {
        String host = hostPort;
        int port = DEFAULT_PORT;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            host = hostPort.substring(1, close);
            if (hostPort.length() > close + 2 && hostPort.charAt(close + 1) == ':') {
                port = Integer.parseInt(hostPort.substring(close + 2));
            }
        } else if (hostPort.contains(":")) {
            host = hostPort.substring(0, hostPort.lastIndexOf(':'));
            port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        }
        if (port == 0) {
            port = DEFAULT_PORT;
        }
        return new InetSocketAddress(host, port);
    }

    public InetSocketAddress receiver() {
        return receiver;
    }

    public void send(SyslogMessage message) throws IOException {
        byte[] bytes = message.encode();
        if (bytes.length > MAX_OCTETS) {
            bytes = Arrays.copyOf(bytes, MAX_OCTETS);
        }
        socket.send(new DatagramPacket(bytes, bytes.length, receiver));
    }

    @Override
    public void close() {
        socket.close();
    }
}
