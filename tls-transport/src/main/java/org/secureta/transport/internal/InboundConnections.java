package org.secureta.transport.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.net.ssl.SSLSocket;

import org.secureta.transport.UnitEvent;

/**
 * The connections a unit's TLS servers have accepted, held to {@link InboundLimits}: past the
 * maximum a new connection is closed before any thread or handshake is spent on it (each
 * accepted connection has its reader thread, {@link TlsConnectionChannel}, so the connection
 * limit is the thread limit too).
 * Every admitted connection gets TCP_NODELAY: a SIP message is written whole, and Nagle's
 * algorithm would hold a response behind the peer's delayed ACK.
 */
final class InboundConnections {

    private static final System.Logger LOG = System.getLogger(InboundConnections.class.getName());
    /**
     * At most one event per limit and second: a flood must not become an event flood. Refusals
     * within the second are summed up in one event when it is over (its {@code count}).
     */
    private static final long EVENT_INTERVAL_NANOS = 1_000_000_000L;

    private final InboundLimits limits;
    private final Consumer<UnitEvent> events;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastEvent = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> unreported = new ConcurrentHashMap<>();
    private final Map<String, UnitEvent> latest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    /** Told the address of every admitted connection (SipUnit: a peer that connects is up). */
    private volatile Consumer<java.net.InetAddress> admittedFrom = address -> { };

    InboundConnections(InboundLimits limits, Consumer<UnitEvent> events, ScheduledExecutorService timer) {
        this.limits = limits;
        this.events = events;
        this.timer = timer;
    }

    InboundLimits limits() {
        return limits;
    }

    /** Who is told the remote address of each connection admitted from now on. */
    void onAdmitted(Consumer<java.net.InetAddress> listener) {
        admittedFrom = listener;
    }

    /** Connections now open. */
    int count() {
        live.removeIf(Socket::isClosed);
        return live.size();
    }

    /** The accepted connections now open, as the sockets underneath (for tests of this package). */
    java.util.List<SSLSocket> open() {
        return live.stream().filter(s -> !s.isClosed()).map(s -> ((ScreenedSslSocket) s).unwrapped()).toList();
    }

    /**
     * A connection just accepted: the socket JAIN-SIP is to use, or null when the limit closed it.
     */
    Socket admit(SSLSocket accepted) {
        String peer = peerOf(accepted);
        if (count() >= limits.maxConnections()) {
            closeQuietly(accepted);
            refused("inboundConnections", peer, Integer.toString(limits.maxConnections()),
                    "connection from " + peer + " closed: " + limits.maxConnections() + " inbound connections already open");
            return null;
        }
        try {
            accepted.setTcpNoDelay(true);
            // The handshake has this long; after it the screen sets the idle timeout (SipStreamScreen).
            accepted.setSoTimeout((int) limits.handshakeTimeout().toMillis());
        } catch (IOException e) {
            closeQuietly(accepted);
            return null;
        }
        ScreenedSslSocket socket = new ScreenedSslSocket(accepted, this);
        live.add(socket);
        admittedFrom.accept(accepted.getInetAddress());
        return socket;
    }

    void closed(Socket socket) {
        live.remove(socket);
    }

    /**
     * Posts {@code LIMIT limit=NAME state=Refused} (at most once a second per limit; the event
     * counts the refusals it stands for).
     */
    synchronized void refused(String limit, String peer, String max, String message) {
        LOG.log(System.Logger.Level.INFO, message);
        unreported.computeIfAbsent(limit, k -> new AtomicInteger()).incrementAndGet();
        latest.put(limit, UnitEvent.of("LIMIT", "limit", limit, "state", "Refused", "peer", peer, "max", max, "message", message));
        long now = System.nanoTime();
        Long last = lastEvent.get(limit);
        if (last == null || now - last >= EVENT_INTERVAL_NANOS) {
            report(limit);
        } else if (last <= now) {
            // Within the second: one summary when it is over, counting what it stands for.
            lastEvent.put(limit, now + EVENT_INTERVAL_NANOS);
            try {
                timer.schedule(() -> report(limit), EVENT_INTERVAL_NANOS - (now - last), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // the unit is closing
            }
        }
    }

    private synchronized void report(String limit) {
        int count = unreported.get(limit).getAndSet(0);
        UnitEvent event = latest.get(limit);
        if (count == 0 || event == null) {
            return;
        }
        lastEvent.put(limit, System.nanoTime());
        java.util.List<String> pairs = new java.util.ArrayList<>();
        event.attributes().forEach((k, v) -> {
            pairs.add(k);
            pairs.add(v);
            if (k.equals("max")) {
                pairs.add("count");
                pairs.add(Integer.toString(count));
            }
        });
        events.accept(UnitEvent.of("LIMIT", pairs.toArray(new String[0])));
    }

    static String peerOf(Socket socket) {
        return socket.getRemoteSocketAddress() instanceof InetSocketAddress remote
                ? remote.getAddress().getHostAddress() + ":" + remote.getPort() : String.valueOf(socket.getRemoteSocketAddress());
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing {0}: {1}", peerOf(socket), e.getMessage());
        }
    }
}
