package org.secureta.provisioning.time;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A unicast SNTP version 4 client (RFC 4330). It asks one server once and checks the reply as
 * section 5 requires before trusting it: a server-mode reply to this very request, a
 * synchronised server, a non-zero transmit time; a kiss-o'-death is reported with its code.
 */
public final class SntpClient {

    /** The NTP port, used when a server is given without one (or with 0). */
    public static final int DEFAULT_PORT = 123;
    private static final int PACKET = 48;
    private static final int VERSION = 4;
    private static final int MODE_CLIENT = 3;
    private static final int MODE_SERVER = 4;
    private static final int LI_ALARM = 3;

    private final Clock clock;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();

    /** @param clock the local clock to correct (its offset is what is measured) */
    public SntpClient(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Parses {@code host[:port]} as in Hoc.StaticSntpServers.HostName ({@code [v6]:port} for IPv6). */
    public static InetSocketAddress address(String hostPort) {
        String host = hostPort;
        int port = DEFAULT_PORT;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            host = hostPort.substring(1, close);
            if (hostPort.length() > close + 2) {
                port = Integer.parseInt(hostPort.substring(close + 2));
            }
        } else if (hostPort.contains(":")) {
            host = hostPort.substring(0, hostPort.lastIndexOf(':'));
            port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        }
        return new InetSocketAddress(host, port == 0 ? DEFAULT_PORT : port);
    }

    public SntpResult query(String server) throws SntpException {
        InetSocketAddress address = address(server);
        if (address.isUnresolved()) {
            throw new SntpException(server + ": host name does not resolve");
        }
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.connect(address);
            byte[] request = new byte[PACKET];
            request[0] = (byte) (VERSION << 3 | MODE_CLIENT);
            // The transmit timestamp comes back as the originate timestamp: it identifies our
            // request. Its low bits are random (below clock precision) so a forged reply must guess them.
            Instant t1 = clock.instant();
            long transmit = (NtpTimestamp.of(t1) & ~0xFFFFL) | (random.nextInt() & 0xFFFFL);
            ByteBuffer.wrap(request).putLong(40, transmit);
            socket.send(new DatagramPacket(request, request.length));
            byte[] reply = new byte[PACKET + 64];
            DatagramPacket packet = new DatagramPacket(reply, reply.length);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException();
                }
                socket.setSoTimeout((int) left);
                socket.receive(packet);
                Instant t4 = clock.instant();
                if (packet.getLength() < PACKET) {
                    throw new SntpException(server + ": reply of " + packet.getLength() + " bytes is too short for NTP (48)");
                }
                ByteBuffer b = ByteBuffer.wrap(reply, 0, packet.getLength());
                long originate = b.getLong(24);
                if (originate != transmit) {
                    continue; // not the answer to this request (late or forged): keep waiting
                }
                return check(server, b, t1, t4);
            }
        } catch (SocketTimeoutException e) {
            throw new SntpException(server + ": no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new SntpException(server + ": " + e.getMessage(), e);
        }
    }

    private static SntpResult check(String server, ByteBuffer b, Instant t1, Instant t4) throws SntpException {
        int first = b.get(0) & 0xFF;
        int leap = first >> 6;
        int mode = first & 0x7;
        int stratum = b.get(1) & 0xFF;
        byte[] ref = new byte[4];
        b.get(12, ref);
        if (mode != MODE_SERVER) {
            throw new SntpException(server + ": reply mode " + mode + " is not server (4)");
        }
        if (stratum == 0) {
            String kiss = new String(ref, StandardCharsets.US_ASCII);
            throw new SntpException(server + ": kiss-o'-death " + kiss.strip() + " (RFC 4330 section 8): the server refuses to serve");
        }
        if (leap == LI_ALARM || stratum > 15) {
            throw new SntpException(server + ": the server's own clock is not synchronised (leap indicator " + leap + ", stratum " + stratum + ")");
        }
        long receive = b.getLong(32);
        long transmit = b.getLong(40);
        if (transmit == 0) {
            throw new SntpException(server + ": reply has no transmit time");
        }
        Instant t2 = NtpTimestamp.toInstant(receive);
        Instant t3 = NtpTimestamp.toInstant(transmit);
        // RFC 4330 section 5: d = (T4 - T1) - (T3 - T2), t = ((T2 - T1) + (T3 - T4)) / 2
        Duration delay = Duration.between(t1, t4).minus(Duration.between(t2, t3));
        Duration offset = Duration.between(t1, t2).plus(Duration.between(t4, t3)).dividedBy(2);
        String referenceId = stratum == 1
                ? new String(ref, StandardCharsets.US_ASCII).strip()
                : (ref[0] & 0xFF) + "." + (ref[1] & 0xFF) + "." + (ref[2] & 0xFF) + "." + (ref[3] & 0xFF);
        return new SntpResult(server, offset, delay.isNegative() ? Duration.ZERO : delay, stratum, referenceId, t4);
    }
}
