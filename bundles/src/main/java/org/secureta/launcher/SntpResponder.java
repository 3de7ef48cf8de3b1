package org.secureta.launcher;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * A unicast SNTP server (RFC 4330 section 5, server mode) on a free loopback UDP port, serving
 * this host's clock. The demo's units synchronise their clocks with it for real: security
 * features need a synchronised clock (certificate validity), and the demo must not use the
 * lab override that skips it.
 *
 * <p>It answers as an uncalibrated local clock (stratum 1, reference {@code LOCL}, RFC 4330
 * section 4): the host's own time is the only reference the demo has.
 */
public final class SntpResponder implements AutoCloseable {

    private static final int PACKET = 48;
    private static final int MODE_CLIENT = 3;
    private static final int MODE_SERVER = 4;
    private static final int STRATUM_PRIMARY = 1;
    /** About a microsecond (2^-20 s): what the JVM's clock gives here. */
    private static final byte PRECISION = -20;
    private static final long SECONDS_1900_TO_1970 = 2_208_988_800L;

    private final DatagramSocket socket;
    private final Clock clock;
    private final Thread thread;
    private volatile long answered;

    private SntpResponder(DatagramSocket socket, Clock clock) {
        this.socket = socket;
        this.clock = clock;
        this.thread = new Thread(this::serve, "sntp-responder-" + socket.getLocalPort());
        this.thread.setDaemon(true);
    }

    /** Starts serving {@code clock} on 127.0.0.1 at a port the system picks. */
    public static SntpResponder start(Clock clock) throws SocketException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SntpResponder responder = new SntpResponder(socket, clock);
        responder.thread.start();
        return responder;
    }

    /** {@code 127.0.0.1:PORT}, as Hoc.StaticSntpServers[..].HostName takes it. */
    public String hostPort() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /** Requests answered so far. */
    long answered() {
        return answered;
    }

    private void serve() {
        byte[] buffer = new byte[512];
        DatagramPacket request = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                request.setLength(buffer.length);
                socket.receive(request);
                Instant received = clock.instant();
                byte[] reply = replyTo(ByteBuffer.wrap(buffer, 0, request.getLength()), received);
                if (reply != null) {
                    socket.send(new DatagramPacket(reply, reply.length, request.getSocketAddress()));
                    answered++;
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
                // One bad exchange never stops the server.
            }
        }
    }

    /** The server's reply to one request, or null for anything that is not a client request. */
    byte[] replyTo(ByteBuffer request, Instant received) {
        if (request.remaining() < PACKET) {
            return null;
        }
        int first = request.get(0) & 0xFF;
        int version = (first >> 3) & 0x7;
        int mode = first & 0x7;
        if (mode != MODE_CLIENT || version < 1 || version > 4) {
            return null;
        }
        ByteBuffer reply = ByteBuffer.allocate(PACKET);
        // LI 0 (no warning), the client's version (section 5: "copied from the request"), mode 4.
        reply.put(0, (byte) (version << 3 | MODE_SERVER));
        reply.put(1, (byte) STRATUM_PRIMARY);
        reply.put(2, request.get(2)); // poll interval: copied from the request
        reply.put(3, PRECISION);
        reply.putInt(4, 0); // root delay: we are the reference
        reply.putInt(8, 1 << 16 >> 6); // root dispersion: about 15 ms, an honest bound for a host clock
        reply.put(12, "LOCL".getBytes(StandardCharsets.US_ASCII));
        reply.putLong(16, ntp(received));
        reply.putLong(24, request.getLong(40)); // originate: the client's transmit time identifies its request
        reply.putLong(32, ntp(received));
        reply.putLong(40, ntp(clock.instant()));
        return reply.array();
    }

    /** NTP timestamp (RFC 4330 section 3): seconds since 1900 and the binary fraction of a second. */
    static long ntp(Instant instant) {
        long seconds = instant.getEpochSecond() + SECONDS_1900_TO_1970;
        long fraction = ((long) instant.getNano() << 32) / 1_000_000_000L;
        return (seconds & 0xFFFF_FFFFL) << 32 | fraction;
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
