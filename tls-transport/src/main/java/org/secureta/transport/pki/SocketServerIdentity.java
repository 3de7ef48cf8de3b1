package org.secureta.transport.pki;

import java.net.Socket;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * The server identity a TLS client socket must show, attached to the socket by whoever creates
 * it, for {@link UnitTrustManager} to read during that socket's handshake. It replaces passing
 * the configured host through the socket's peer host name, SNI and {@code SSLSession.getPeerHost()}
 * and back to a lookup by name: the identity travels with the socket itself. Weak keys: a
 * closed socket's entry goes with the socket.
 */
public final class SocketServerIdentity {

    private static final Map<Socket, ServerIdentity> EXPECTED = Collections.synchronizedMap(new WeakHashMap<>());

    private SocketServerIdentity() {
    }

    /** The server {@code socket} is opened to must be {@code identity}; call before its handshake. */
    public static void attach(Socket socket, ServerIdentity identity) {
        EXPECTED.put(Objects.requireNonNull(socket, "socket"), Objects.requireNonNull(identity, "identity"));
    }

    /** The identity attached to {@code socket}, if any. */
    public static Optional<ServerIdentity> of(Socket socket) {
        return socket == null ? Optional.empty() : Optional.ofNullable(EXPECTED.get(socket));
    }
}
