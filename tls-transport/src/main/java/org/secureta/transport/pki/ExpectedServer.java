package org.secureta.transport.pki;

import java.util.Objects;

/** Which server identity a TLS connection must show, given the host the socket was opened to (may be null). */
@FunctionalInterface
public interface ExpectedServer {

    ServerIdentity identify(String peerHost);

    /** Always the same configured server (one trust manager per gateway). */
    static ExpectedServer fixed(ServerIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        return peerHost -> identity;
    }

    /**
     * The host name or address the socket was created with. Only meaningful when the transport
     * creates its sockets with the configured host name, since JSSE reports what it was given.
     */
    static ExpectedServer peerHost() {
        return peerHost -> ServerIdentity.of(peerHost == null ? "" : peerHost);
    }
}
