package org.secureta.transport.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * The TCP socket under a TLS client connection, noting when bytes last arrived from the peer.
 * A peer that vanished without FIN or RST (a relay or NAT that silently stopped forwarding)
 * leaves the connection open for the operating system for hours; the only sign is that nothing
 * comes back, not even the pong of an RFC 5626 CRLF keep-alive. The TLS layer reads through
 * {@link #getInputStream()}, so every received record, pong included, passes here; watching the
 * raw bytes needs no hook in JAIN-SIP's parser (which swallows the single-CRLF pong).
 */
final class ActivitySocket extends Socket {

    private volatile long lastReceivedNanos = System.nanoTime();

    /** Whether any byte arrived at or after {@code nanos} ({@link System#nanoTime()}). */
    boolean receivedSince(long nanos) {
        return lastReceivedNanos - nanos >= 0;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return new FilterInputStream(super.getInputStream()) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    lastReceivedNanos = System.nanoTime();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    lastReceivedNanos = System.nanoTime();
                }
                return n;
            }
        };
    }
}
