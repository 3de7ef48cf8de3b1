package org.secureta.transport.internal;

import java.time.Duration;

import org.secureta.transport.TransportConfiguration;

/**
 * What a peer may make the unit hold on its TLS servers: connections at once, time to finish the
 * handshake, silence before an accepted connection is closed, and the size of one SIP message.
 */
record InboundLimits(int maxConnections, Duration handshakeTimeout, Duration idleTimeout, int maxMessageSize) {

    InboundLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxInboundConnections " + maxConnections + " must be at least 1");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("tlsHandshakeTimeout " + handshakeTimeout.toSeconds() + " must be at least 1 second");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("inboundIdleTimeout " + idleTimeout.toSeconds() + " must be at least 1 second");
        }
        if (maxMessageSize < 1024) {
            throw new IllegalArgumentException("maxMessageSize " + maxMessageSize + " below 1024 bytes");
        }
    }

    static InboundLimits of(TransportConfiguration config) {
        return new InboundLimits(config.maxInboundConnections(), Duration.ofSeconds(config.tlsHandshakeTimeout()),
                Duration.ofSeconds(config.inboundIdleTimeout()), config.maxMessageSize());
    }
}
