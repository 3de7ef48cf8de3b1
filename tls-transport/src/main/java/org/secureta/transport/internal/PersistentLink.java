package org.secureta.transport.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.naming.NamingException;
import javax.net.ssl.SSLSocket;

import gov.nist.javax.sip.ListeningPointExt;

import org.secureta.transport.LinkState;
import org.secureta.transport.LinkStatus;

/**
 * The persistent TLS link from the unit's local port to one gateway's server
 * (SipEp.TlsPersistentConnectionStatus row). It opens the connection ahead of any request
 * (an RFC 5626 CRLF ping does that through the stack), notices when it closes, and retries
 * every failback interval; a lost link is retried after a second, since the server may merely
 * have closed an idle connection (its tcp_connection_lifetime). Every wait is stretched by up to
 * a quarter at random, so that units that lost the same server do not all come back at once.
 *
 * <p>A link can also die silently (no FIN, no RST: a relay or NAT that stopped forwarding).
 * With keep-alives on, a CRLF ping that gets no answer at all within the pong wait (RFC 5626
 * section 4.4.1: 10 s, here at most one keep-alive interval) marks the link Down and opens a
 * new connection; so does a transaction over the link that timed out ({@link #abandon}).
 */
final class PersistentLink {

    /** Told about every status change; {@code cameUp} is true when the link just went Up. */
    interface Listener {
        void linkChanged(PersistentLink link, LinkStatus status, boolean cameUp, boolean wentDown);
    }

    private static final System.Logger LOG = System.getLogger(PersistentLink.class.getName());
    private static final Duration RECONNECT_SETTLE = Duration.ofSeconds(1);
    /** RFC 5626 section 4.4.1: a flow is failed when no pong arrives within 10 seconds of the ping. */
    private static final Duration PONG_WAIT = Duration.ofSeconds(10);
    private static final double RECONNECT_JITTER = 0.25;
    /** How long an abandoned connection's reader may take to let go before the unit closes it itself. */
    private static final Duration READER_WAIT = Duration.ofSeconds(10);

    private final String gateway;
    private final ServerAddress server;
    private final TlsEndpoint tls;
    private final ListeningPointExt listeningPoint;
    private final int localPort;
    private final ScheduledExecutorService timer;
    private final Duration failback;
    private final Duration keepAlive;
    private final Listener listener;
    /** Present when the server is found by DNS SRV (configured with port 0). */
    private final Optional<SrvResolver> srv;
    private final java.util.random.RandomGenerator random;

    private LinkState state = LinkState.Down;
    private String lastFailure = "";
    private InetSocketAddress remote;
    private SSLSocket socket;
    private ScheduledFuture<?> retry;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> pongCheck;
    /** The server answered a ping at least once: from then on a ping without answer means a dead path. */
    private volatile boolean answersPings;
    private volatile boolean toldNoPong;
    private boolean closed;
    /** When {@link #peerConnected} last brought a retry forward (nanoTime), 0 never. */
    private long earlyRetryAt;

    PersistentLink(String gateway, ServerAddress server, TlsEndpoint tls, ListeningPointExt listeningPoint, int localPort,
                   ScheduledExecutorService timer, Duration failback, Duration keepAlive, Listener listener,
                   Optional<SrvResolver> srv, java.util.random.RandomGenerator random) {
        this.srv = srv;
        this.random = random;
        this.gateway = gateway;
        this.server = server;
        this.tls = tls;
        this.listeningPoint = listeningPoint;
        this.localPort = localPort;
        this.timer = timer;
        this.failback = failback;
        this.keepAlive = keepAlive;
        this.listener = listener;
    }

    String gateway() {
        return gateway;
    }

    synchronized void start() {
        // The link learns of a connection the stack opened by itself (a request sent while the
        // link was down) when its handshake completes, instead of polling for it.
        tls.onEstablished(address -> {
            InetSocketAddress target;
            synchronized (this) {
                target = remote;
            }
            if (address.equals(target)) {
                checkLater();
            }
        });
        scheduleConnect(Duration.ZERO);
        if (!keepAlive.isZero()) {
            heartbeat = timer.scheduleAtFixedRate(this::sendKeepAlive, keepAlive.toMillis(), keepAlive.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    synchronized LinkStatus status() {
        String address = remote == null ? "" : remote.getAddress().getHostAddress() + ":" + remote.getPort();
        SSLSocket up = state == LinkState.Up ? socket : null;
        return up == null || up.getSession() == null
                ? new LinkStatus(gateway, localPort, server.hostPort(), address, state, lastFailure)
                : new LinkStatus(gateway, localPort, server.hostPort(), address, state, lastFailure,
                        up.getSession().getProtocol(), up.getSession().getCipherSuite());
    }

    synchronized boolean isUp() {
        return state == LinkState.Up;
    }

    private synchronized void scheduleConnect(Duration delay) {
        if (closed || (retry != null && !retry.isDone())) {
            return;
        }
        retry = timer.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The server's host connected to the unit's own TLS server: it is up now. A link that is Down
     * (its last attempt was refused, say) tries at once instead of at its next failback; at most
     * once per failback interval, so that a peer connecting again and again cannot make the unit
     * reconnect more often than its schedule does.
     */
    synchronized void peerConnected(InetAddress address) {
        if (closed || state != LinkState.Down || remote == null || !remote.getAddress().equals(address)) {
            return;
        }
        long now = System.nanoTime();
        if (earlyRetryAt != 0 && now - earlyRetryAt < failback.toNanos()) {
            return;
        }
        if (retry != null && !retry.isDone() && !retry.cancel(false)) {
            return; // an attempt is running right now
        }
        earlyRetryAt = now;
        retry = null;
        LOG.log(System.Logger.Level.DEBUG, "{0} connected to the unit: link to {1} tried again now", address.getHostAddress(), server);
        scheduleConnect(Duration.ZERO);
    }

    /** Where the link may go: one address, or for DNS SRV each target's addresses in turn. */
    private record Candidate(InetSocketAddress address, String name, String srvDomain) {
        void nameFor(TlsEndpoint tls) {
            if (srvDomain == null) {
                tls.nameServer(address, name);
            } else {
                tls.nameSrvTarget(address, srvDomain, name);
            }
        }

        String describe() {
            return srvDomain == null ? name : name + ":" + address.getPort() + " (SRV of " + srvDomain + ")";
        }
    }

    private List<Candidate> candidates() throws UnknownHostException, NamingException {
        if (srv.isEmpty()) {
            return List.of(new Candidate(new InetSocketAddress(InetAddress.getByName(server.host()), server.port()), server.host(), null));
        }
        List<Candidate> result = new ArrayList<>();
        for (SrvResolver.Target target : srv.get().sipsTargets(server.host())) {
            try {
                for (InetAddress address : srv.get().addresses(target.host())) {
                    result.add(new Candidate(new InetSocketAddress(address, target.port()), target.host(), server.host()));
                }
            } catch (NamingException e) {
                LOG.log(System.Logger.Level.INFO, "SRV target {0} of {1} has no address: {2}", target.host(), server.host(), e.getMessage());
            }
        }
        if (result.isEmpty()) {
            throw new NamingException("no SRV target of _sips._tcp." + server.host() + " has an address");
        }
        return result;
    }

    private void connect() {
        List<Candidate> candidates;
        synchronized (this) {
            if (closed || state == LinkState.Up) {
                return;
            }
        }
        try {
            candidates = candidates();
        } catch (UnknownHostException | NamingException e) {
            synchronized (this) {
                change(LinkState.Down, srv.isEmpty() ? "cannot resolve server host " + server.host()
                        : "DNS SRV lookup of _sips._tcp." + server.host() + " failed: " + e.getMessage());
                retryLater(failback);
            }
            return;
        }
        List<String> failures = new ArrayList<>();
        for (Candidate candidate : candidates) {
            InetSocketAddress target = candidate.address();
            synchronized (this) {
                if (closed) {
                    return;
                }
                remote = target;
                candidate.nameFor(tls);
                change(LinkState.WaitingUp, lastFailure);
            }
            Optional<String> failure;
            try {
                listeningPoint.sendHeartbeat(target.getAddress().getHostAddress(), target.getPort());
                // The CRLF went out, so the handshake passed (the stack writes only after it).
                failure = tls.newestConnection(target).isPresent() ? Optional.empty()
                        : Optional.of(tls.failure(target).orElse("TLS connection to " + server + " closed during or right after the handshake"));
            } catch (IOException | RuntimeException e) {
                failure = Optional.of(tls.failure(target).orElse(UnitNetworkLayer.describe(e, target)));
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (failure.isEmpty()) {
                    adopt(tls.newestConnection(target).orElseThrow());
                    return;
                }
                failures.add(candidates.size() == 1 ? failure.get() : candidate.describe() + ": " + failure.get());
            }
        }
        synchronized (this) {
            change(LinkState.Down, String.join("; ", failures));
            retryLater(failback);
        }
    }

    /** The server address the link is up to, for requests routed over it. */
    synchronized Optional<InetSocketAddress> upTo() {
        return state == LinkState.Up ? Optional.ofNullable(remote) : Optional.empty();
    }

    private void adopt(SSLSocket connection) {
        socket = connection;
        // The link notices the connection's end when the stack's reader closes it (the server
        // closed it, or it was lost), instead of polling for it.
        tls.released(connection).whenComplete((done, failure) -> checkLater());
        LOG.log(System.Logger.Level.INFO, "establishing persistent connection: gateway {0}, local port {1}, server {2} ({3}, {4})",
                gateway, Integer.toString(connection.getLocalPort()), server, connection.getSession().getProtocol(), connection.getSession().getCipherSuite());
        change(LinkState.Up, lastFailure);
    }

    private void checkLater() {
        try {
            timer.execute(this::check);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // the unit is closing: nothing to notice any more
        }
    }

    /** Notices a closed connection, or one the stack opened by itself; run when either may have happened. */
    void check() {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (state == LinkState.Up && socket.isClosed()) {
                socket = null;
                change(LinkState.Down, "connection to " + server + " closed (by the server or lost)");
                // Not at once: JAIN-SIP reuses the dead connection's channel if asked before that
                // channel's reader has finished, and the finishing reader then closes the new socket.
                retryLater(RECONNECT_SETTLE);
            } else if (state == LinkState.Down && remote != null) {
                tls.liveConnection(remote).ifPresent(this::adopt);
            }
        }
    }

    private void retryLater(Duration delay) {
        retry = null;
        long millis = delay.toMillis();
        scheduleConnect(Duration.ofMillis(millis + Math.round(millis * RECONNECT_JITTER * random.nextDouble())));
    }

    /** How long a ping waits for its pong: RFC 5626's 10 s, or one keep-alive interval when that is shorter. */
    Duration pongWait() {
        return keepAlive.compareTo(PONG_WAIT) < 0 ? keepAlive : PONG_WAIT;
    }

    /**
     * Gives up on the connection in use (its peer went silent): the link goes Down with
     * {@code why} and a new connection is opened once JAIN-SIP has let go of the dead one, after
     * the usual settling delay. The TCP socket is closed under the TLS one, which ends JAIN-SIP's
     * blocked reader at once; a TLS close would first try to send close_notify into the dead path.
     *
     * <p>The reader, as it ends, closes the TLS socket and then removes the stack's table entry
     * for the server's address, whichever connection that entry names by then. A replacement
     * opened before that would lose its entry: the stack would open a third connection for the
     * next REGISTER and leave the link's own one open beside it. So the replacement waits for
     * the reader's close ({@link TlsEndpoint#released}); if the reader never gets there within
     * {@link #READER_WAIT}, the unit closes the dead connection itself and goes on.
     */
    void abandon(String why) {
        SSLSocket dead;
        Optional<ActivitySocket> under;
        java.util.concurrent.CompletableFuture<Void> released;
        synchronized (this) {
            if (closed || state != LinkState.Up || socket == null) {
                return;
            }
            dead = socket;
            socket = null;
            under = tls.underneath(dead);
            released = tls.released(dead);
            tls.forget(remote, dead);
            change(LinkState.Down, why);
            // No retry is scheduled until the reader let go; a check() meanwhile adopts only a
            // live connection, and forget() took the dead one out of those.
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
        }
        LOG.log(System.Logger.Level.WARNING, "persistent connection to {0} abandoned: {1}", server, why);
        try {
            if (under.isPresent()) {
                under.get().close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        long abandonedAt = System.nanoTime();
        java.util.concurrent.CompletableFuture<Boolean> waited = new java.util.concurrent.CompletableFuture<>();
        released.whenComplete((done, failure) -> waited.complete(Boolean.TRUE));
        waited.completeOnTimeout(Boolean.FALSE, READER_WAIT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((letGo, failure) -> {
            if (Boolean.TRUE.equals(letGo)) {
                LOG.log(System.Logger.Level.DEBUG, "the stack let go of the abandoned connection to {0} after {1} ms",
                        server, Long.toString((System.nanoTime() - abandonedAt) / 1_000_000));
            } else {
                LOG.log(System.Logger.Level.WARNING, "the stack did not let go of the abandoned connection to {0} within {1} s: closed by the unit",
                        server, Long.toString(READER_WAIT.toSeconds()));
            }
            if (!dead.isClosed()) {
                Thread closer = new Thread(() -> {
                    try {
                        dead.close();
                    } catch (IOException ignored) {
                        // the TCP socket is closed already
                    }
                }, "close-" + gateway);
                closer.setDaemon(true);
                closer.start();
            }
            synchronized (this) {
                if (!closed && state != LinkState.Up) {
                    retryLater(RECONNECT_SETTLE);
                }
            }
        });
    }

    private void sendKeepAlive() {
        check();
        InetSocketAddress target;
        SSLSocket current;
        synchronized (this) {
            if (state != LinkState.Up || socket == null) {
                return;
            }
            target = remote;
            current = socket;
        }
        long sent = System.nanoTime();
        try {
            listeningPoint.sendHeartbeat(target.getAddress().getHostAddress(), target.getPort());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "keep-alive to {0} failed: {1}", server, e.toString());
        }
        Optional<ActivitySocket> watched = tls.underneath(current);
        if (watched.isEmpty()) {
            return;
        }
        Duration wait = pongWait();
        synchronized (this) {
            // One check per ping: when the wait equals the interval, a check and the next ping
            // are due together, and neither may be skipped.
            pongCheck = timer.schedule(() -> {
                boolean stillThisConnection;
                synchronized (this) {
                    stillThisConnection = !closed && socket == current && state == LinkState.Up;
                }
                if (!stillThisConnection) {
                    return;
                }
                // Any byte since the ping proves the peer alive; the pong is the least it sends.
                if (watched.get().receivedSince(sent)) {
                    answersPings = true;
                } else if (answersPings) {
                    abandon("no answer to the CRLF keep-alive from " + server + " within " + seconds(wait)
                            + " s (RFC 5626 4.4.1): connection silent, replaced");
                } else if (!toldNoPong) {
                    // RFC 5626 obliges only servers that support outbound to answer; replacing the
                    // link of one that never does would drop it every interval.
                    toldNoPong = true;
                    LOG.log(System.Logger.Level.WARNING, "{0} has not answered a CRLF keep-alive: silent connections to it are"
                            + " noticed only by a transaction timeout, until it answers one", server);
                }
            }, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? Long.toString(duration.toSeconds())
                : java.math.BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (retry != null) {
                retry.cancel(false);
            }
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            if (pongCheck != null) {
                pongCheck.cancel(false);
            }
            if (state == LinkState.Up) {
                change(LinkState.WaitingShutdown, lastFailure);
            }
        }
        SSLSocket open = socket;
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        synchronized (this) {
            change(LinkState.Down, "shut down");
        }
    }

    private void change(LinkState next, String failure) {
        LinkState previous = state;
        if (previous == next && lastFailure.equals(failure)) {
            return;
        }
        state = next;
        lastFailure = failure;
        listener.linkChanged(this, status(), next == LinkState.Up && previous != LinkState.Up,
                previous == LinkState.Up && next != LinkState.Up);
    }
}
