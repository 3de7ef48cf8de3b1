package org.secureta.transport.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.secureta.transport.pki.ServerIdentity;

/**
 * What the unit's network layer needs to open and accept TLS connections for one SIP stack,
 * and what it learns while doing so (live connections, last failure per server). JAIN-SIP
 * creates the network layer by class name, so the layer finds its endpoint here by stack name.
 */
final class TlsEndpoint {

    private static final ConcurrentMap<String, TlsEndpoint> BY_STACK = new ConcurrentHashMap<>();

    volatile SSLContext context;
    /** Limits of the TLS servers' accepted connections; null: none (tests of the endpoint alone). */
    volatile InboundConnections inbound;
    final TlsPolicy policy;
    final boolean needClientAuth;
    final InetAddress localAddress;
    final int persistentPort;
    private final Map<InetSocketAddress, String> serverNames = new ConcurrentHashMap<>();
    private final Map<String, ServerIdentity> identities = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, SSLSocket> live = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, String> failures = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, SSLSocket> created = new ConcurrentHashMap<>();
    /** Weak: a connection JAIN-SIP dropped must not be kept alive by this bookkeeping. */
    private final Map<SSLSocket, ActivitySocket> underneath = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    TlsEndpoint(TlsPolicy policy, boolean needClientAuth, InetAddress localAddress, int persistentPort) {
        this.policy = policy;
        this.needClientAuth = needClientAuth;
        this.localAddress = localAddress;
        this.persistentPort = persistentPort;
    }

    void useContext(SSLContext tlsContext) {
        this.context = tlsContext;
    }

    static void register(String stackName, TlsEndpoint endpoint) {
        BY_STACK.put(stackName, endpoint);
    }

    static void unregister(String stackName) {
        BY_STACK.remove(stackName);
    }

    static Optional<TlsEndpoint> forStack(String stackName) {
        return Optional.ofNullable(BY_STACK.get(stackName));
    }

    /** The server host as configured, for the handshake's peer host (SNI, host name check). */
    void nameServer(InetSocketAddress address, String configuredHost) {
        serverNames.put(address, configuredHost);
    }

    /**
     * Who the server reached under {@code peerHost} (the name the socket was opened with) must
     * be: that configured host, and for a server found by DNS SRV also the SRV target.
     */
    ServerIdentity expectedServer(String peerHost) {
        String host = peerHost == null ? "" : peerHost;
        return identities.getOrDefault(host, ServerIdentity.of(host));
    }

    /** A server found through DNS SRV: reached as {@code target}, configured as {@code domain} (RFC 3263 4.2). */
    void nameSrvTarget(InetSocketAddress address, String domain, String target) {
        serverNames.put(address, target);
        identities.put(target, new ServerIdentity(domain, List.of(target)));
    }

    /** The next hops of the unit's own requests ({@code host:port}), newest last, at most {@value #MAX_ROUTED}. */
    private static final int MAX_ROUTED = 1024;
    private final Map<String, Boolean> routed = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_ROUTED;
        }
    });

    /** The router sent one of the unit's own requests to {@code host:port}. */
    void routed(String host, int port) {
        routed.put(host.toLowerCase(java.util.Locale.ROOT) + ":" + port, Boolean.TRUE);
    }

    /**
     * Whether the unit may open a connection to {@code remote}: a configured server, or the next
     * hop of one of its own requests. Never anything a peer's Via names: a response goes back over
     * the connection its request came on (RFC 3261 18.2.2), and no Via host is looked up in DNS.
     */
    boolean mayConnect(InetSocketAddress remote) {
        if (serverNames.containsKey(remote)) {
            return true;
        }
        InetAddress address = remote.getAddress();
        if (address == null) {
            return false;
        }
        // InetAddress.toString() is "name/ip" with the name it was created from: no reverse lookup.
        String text = address.toString();
        String name = text.substring(0, text.indexOf('/')).toLowerCase(java.util.Locale.ROOT);
        return routed.containsKey(address.getHostAddress() + ":" + remote.getPort())
                || (!name.isEmpty() && routed.containsKey(name + ":" + remote.getPort()));
    }

    String serverName(InetSocketAddress address) {
        return serverNames.getOrDefault(address, address.getAddress().getHostAddress());
    }

    void connecting(InetSocketAddress remote) {
        failures.remove(remote);
    }

    void failed(InetSocketAddress remote, String reason) {
        failures.putIfAbsent(remote, reason);
    }

    /** Why the last connection attempt to {@code remote} failed, if it did. */
    Optional<String> failure(InetSocketAddress remote) {
        return Optional.ofNullable(failures.get(remote));
    }

    void created(InetSocketAddress remote, SSLSocket socket, ActivitySocket under) {
        created.put(remote, socket);
        underneath.put(socket, under);
    }

    /** The TCP socket under a client connection this endpoint created, with its receive activity. */
    Optional<ActivitySocket> underneath(SSLSocket socket) {
        return Optional.ofNullable(underneath.get(socket));
    }

    /**
     * A connection the unit gave up on (its peer went silent): never handed out again, even
     * while JAIN-SIP's reader has not yet noticed that it is closed.
     */
    void forget(InetSocketAddress remote, SSLSocket socket) {
        live.remove(remote, socket);
        created.remove(remote, socket);
        underneath.remove(socket);
    }

    /**
     * Completes when JAIN-SIP lets go of {@code socket}: its reader, ending, closes the socket
     * and then drops its socket-table entry for the peer's address. That entry is keyed by
     * address alone (TLSMessageChannel.close calls IOHandler.removeSocket(key)), so a new
     * connection to the same server opened before the old reader ends loses its entry to it,
     * and the stack's next request opens yet another connection beside the persistent link.
     * Connections the endpoint did not wrap complete at once (no hook: the caller's delay only).
     */
    java.util.concurrent.CompletableFuture<Void> released(SSLSocket socket) {
        return socket instanceof ScreenedSslSocket screened ? screened.closeCalled()
                : java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /**
     * The newest connection to {@code remote}, if still open: for the caller that has just
     * seen a message go out over it, which the stack only sends after the handshake.
     */
    Optional<SSLSocket> newestConnection(InetSocketAddress remote) {
        SSLSocket socket = created.get(remote);
        return socket == null || socket.isClosed() ? Optional.empty() : Optional.of(socket);
    }

    /**
     * The negotiated protocol and cipher suite of the open connection to {@code remote}
     * ({@code TLSv1.3 TLS_AES_256_GCM_SHA384}), if its handshake is done; never starts one.
     */
    Optional<String> negotiated(InetSocketAddress remote) {
        SSLSocket socket = live.get(remote);
        if (socket == null || socket.isClosed()) {
            socket = created.get(remote);
        }
        if (socket == null || socket.isClosed() || socket.getHandshakeSession() != null) {
            return Optional.empty();
        }
        javax.net.ssl.SSLSession session = socket.getSession();
        String suite = session.getCipherSuite();
        if (suite == null || suite.startsWith("SSL_NULL")) {
            return Optional.empty();
        }
        return Optional.of(session.getProtocol() + " " + suite);
    }

    void established(InetSocketAddress remote, SSLSocket socket) {
        live.put(remote, socket);
    }

    /** The connection to {@code remote} whose handshake completed and that is still open. */
    Optional<SSLSocket> liveConnection(InetSocketAddress remote) {
        SSLSocket socket = live.get(remote);
        if (socket != null && socket.isClosed()) {
            live.remove(remote, socket);
            return Optional.empty();
        }
        return Optional.ofNullable(socket);
    }
}
