package org.secureta.proxykit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports that are free for both TCP and UDP right now, for the tests', the demo's and the
 * scenarios' units and proxies: never a well-known port, and never the same one twice from one
 * request or one instance (several developers' tests share this machine). The one source of
 * ports for everything that starts a unit or a proxy.
 *
 * <p>The ports come from below the kernel's ephemeral range ({@code ip_local_port_range}), not
 * from it: a port the kernel hands out as "free" lies in that range, and between our probe and
 * the proxy's (or unit's) bind any outgoing connection on the machine may be given it as its
 * source port. The proxy then cannot listen, or a connect probe to a port nobody listens on yet
 * meets itself (a TCP simultaneous open, RFC 793 3.4) and reads as "ready". A CI run saw a lab
 * Kamailio refuse every connection after a ready start that way. Outside the range only another
 * program choosing a fixed port can collide, and the probe bind below sees those.
 */
public final class FreePorts {

    /** SipEp.TransportPersistentBasePort allows 1025..64535. */
    private static final int HIGHEST = 64535;
    /** The lowest port handed out: above the registered ports most daemons bind (RFC 6335 6). */
    static final int LOWEST = 10000;
    /** Where the kernel's ephemeral range starts when /proc does not say (Linux's default). */
    private static final int DEFAULT_EPHEMERAL_LOW = 32768;

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private final Set<Integer> handedOut = new HashSet<>();

    public static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    /**
     * The ports to choose from: {@link #LOWEST} up to just below the ephemeral range; when that
     * range starts too low to leave room (under 12000), the ports above it up to {@link #HIGHEST}.
     */
    static int[] pool(int ephemeralLow, int ephemeralHigh) {
        if (ephemeralLow - LOWEST >= 2000) {
            return new int[]{LOWEST, ephemeralLow - 1};
        }
        return new int[]{Math.max(ephemeralHigh + 1, LOWEST), HIGHEST};
    }

    private static int[] pool() {
        int low = DEFAULT_EPHEMERAL_LOW;
        int high = 60999;
        try {
            String[] range = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            low = Integer.parseInt(range[0]);
            high = Integer.parseInt(range[1]);
        } catch (IOException | RuntimeException notLinux) {
            // keep the default
        }
        int[] pool = pool(low, high);
        if (pool[1] - pool[0] < 1000) {
            // No room outside the range on this host: fall back to Linux's default split.
            return new int[]{LOWEST, DEFAULT_EPHEMERAL_LOW - 1};
        }
        return pool;
    }

    /** Binds TCP (without SO_REUSEADDR, so a port in TIME_WAIT counts as taken) and UDP on the port, and keeps both open. */
    private static boolean hold(int port, List<AutoCloseable> held) {
        ServerSocket tcp = null;
        try {
            tcp = new ServerSocket();
            tcp.setReuseAddress(false);
            tcp.bind(new InetSocketAddress(loopback(), port));
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback(), port));
            held.add(tcp);
            held.add(udp);
            return true;
        } catch (IOException taken) {
            if (tcp != null) {
                try {
                    tcp.close();
                } catch (IOException ignored) {
                    // releasing a probe socket
                }
            }
            return false;
        }
    }

    private static void release(List<AutoCloseable> held) {
        for (AutoCloseable socket : held) {
            try {
                socket.close();
            } catch (Exception ignored) {
                // releasing a probe socket
            }
        }
    }

    /** {@code count} distinct ports free for both TCP and UDP on 127.0.0.1 (each held open until the others are found). */
    public static List<Integer> tcpAndUdp(int count) throws IOException {
        return tcpAndUdp(count, pool());
    }

    /** As {@link #tcpAndUdp(int)}, from the ports {@code range[0]..range[1]}. */
    private static List<Integer> tcpAndUdp(int count, int[] pool) throws IOException {
        List<AutoCloseable> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int attempt = 0; ports.size() < count; attempt++) {
                if (attempt > 200 + 20 * count) {
                    throw new IOException("no " + count + " loopback ports free for both TCP and UDP in " + pool[0] + ".." + pool[1]);
                }
                int port = ThreadLocalRandom.current().nextInt(pool[0], pool[1] + 1);
                if (!ports.contains(port) && hold(port, held)) {
                    ports.add(port);
                }
            }
            return List.copyOf(ports);
        } finally {
            release(held);
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
        return persistentBase(1000);
    }

    /**
     * A free base for {@code span} consecutive local ports (a fleet's units each take the next
     * port up from SipEp.TransportPersistentBasePort): the base is free now, and base + span - 1
     * stays inside the pool when the pool is wide enough, and below 65536 always. On a host whose
     * ephemeral range starts low the pool is the few thousand ports above it, so a random port
     * from it may leave no room for 2,000 units (a CI host handed out 63562).
     */
    public static int persistentBase(int span) {
        if (span < 1 || span > 65535 - LOWEST) {
            throw new IllegalArgumentException("a span of " + span + " ports does not fit between " + LOWEST + " and 65535");
        }
        int[] range = baseRange(pool(), span);
        try {
            return tcpAndUdp(1, range).get(0);
        } catch (IOException e) {
            throw new IllegalStateException("no base for " + span + " ports: " + e.getMessage(), e);
        }
    }

    /** The bases to choose from for {@code span} consecutive ports out of {@code pool}. */
    static int[] baseRange(int[] pool, int span) {
        int highestBase = Math.min(pool[1], 65535) - span + 1;
        if (highestBase < pool[0]) {
            // The pool is narrower than the span: any base whose span ends below 65536.
            highestBase = 65535 - span + 1;
        }
        return new int[]{pool[0], Math.min(highestBase, HIGHEST)};
    }

    /** One more port free for both TCP and UDP, not handed out before by this instance. */
    public synchronized int next() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = tcpAndUdp();
            if (handedOut.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no loopback port free for both TCP and UDP after 50 attempts");
    }
}
