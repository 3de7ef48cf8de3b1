package org.secureta.transport.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLSocket;

import gov.nist.javax.sip.Utils;

/**
 * What JAIN-SIP reads from a TLS connection: the peer's bytes, framed message by message
 * (RFC 3261 18.3) and screened before the stack sees them. It holds at most one message of
 * {@link InboundLimits#maxMessageSize()} bytes, never more; it answers over this very connection
 * what JAIN-SIP would drop silently or answer elsewhere ({@link StreamScreening}); it closes the
 * connection when the framing is lost, the handshake takes too long, or the peer stays silent
 * past the idle timeout. On an accepted connection the read timeout of the socket is this
 * class's alone; on a link the unit opened ({@code accepted} false) the message checks are the
 * same, but the timeouts are not applied: a persistent link is quiet between keep-alives, and
 * its silence is the keep-alive's to judge (RFC 5626 4.4.1, {@link PersistentLink}).
 */
final class SipStreamScreen extends InputStream {

    private static final System.Logger LOG = System.getLogger(SipStreamScreen.class.getName());

    private final SSLSocket socket;
    private final InboundConnections connections;
    private final InboundLimits limits;
    private final String peer;
    /** Accepted by a TLS server (timeouts apply), or opened by the unit. */
    private final boolean accepted;
    private final long acceptedAt = System.nanoTime();
    private volatile boolean handshaken;
    private long lastActivity = System.nanoTime();

    /** Raw bytes read and not yet framed. */
    private byte[] raw;
    private int rawEnd;
    /** A framed message (or keep-alive CRLFs) JAIN-SIP may read. */
    private byte[] ready = new byte[0];
    private int readyAt;
    private boolean ended;

    SipStreamScreen(SSLSocket socket, InboundConnections connections, boolean accepted) {
        this.socket = socket;
        this.accepted = accepted;
        this.connections = connections;
        this.limits = connections.limits();
        this.peer = InboundConnections.peerOf(socket);
        this.raw = new byte[Math.min(8192, limits.maxMessageSize())];
        socket.addHandshakeCompletedListener(event -> handshaken = true);
    }

    void handshakeDone() {
        handshaken = true;
        lastActivity = System.nanoTime();
    }

    /** The handshake failed: past its deadline, that is the handshake timeout at work. */
    void handshakeFailed(IOException e) {
        if (accepted && System.nanoTime() - acceptedAt >= limits.handshakeTimeout().toNanos() - 50_000_000L) {
            end("tlsHandshakeTimeout", "TLS handshake from " + peer + " not done within "
                    + limits.handshakeTimeout().toSeconds() + " s: connection closed");
        } else {
            LOG.log(System.Logger.Level.DEBUG, "TLS handshake from {0} failed: {1}", peer, e.getMessage());
            end(null, null);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        while (readyAt >= ready.length) {
            if (ended) {
                return -1;
            }
            frameNext();
        }
        int n = Math.min(length, ready.length - readyAt);
        System.arraycopy(ready, readyAt, into, offset, n);
        readyAt += n;
        return n;
    }

    @Override
    public int available() {
        return ready.length - readyAt;
    }

    @Override
    public void close() throws IOException {
        ended = true;
        socket.close();
    }

    /** Frames the next message (or keep-alive) into {@link #ready}, or ends the stream. */
    private void frameNext() throws IOException {
        // CRLFs between messages are keep-alives (RFC 5626 4.4.1): JAIN-SIP answers them itself.
        int crlf = 0;
        while (true) {
            while (crlf < rawEnd && (raw[crlf] == '\r' || raw[crlf] == '\n')) {
                crlf++;
            }
            if (crlf > 0) {
                release(crlf);
                return;
            }
            if (rawEnd > 0) {
                break;
            }
            if (!fill()) {
                return;
            }
        }
        int headerEnd;
        while ((headerEnd = headerEnd()) < 0) {
            if (rawEnd >= limits.maxMessageSize()) {
                end("maxMessageSize", "header section from " + peer + " longer than " + limits.maxMessageSize()
                        + " bytes: connection closed");
                return;
            }
            if (!fill()) {
                return;
            }
        }
        SipHeaderBlock block = SipHeaderBlock.parse(raw, headerEnd);
        int bodyLength;
        try {
            bodyLength = StreamScreening.contentLength(block);
        } catch (StreamScreening.FramingException e) {
            LOG.log(System.Logger.Level.INFO, "closing the connection from {0}: {1}", peer, e.getMessage());
            end(null, null);
            return;
        }
        long total = (long) headerEnd + bodyLength;
        if (total > limits.maxMessageSize()) {
            // The body is never read: the connection cannot be reframed without reading it, so it is closed.
            answer(block, 413, "Request Entity Too Large", List.of());
            end("maxMessageSize", block.method() + " of " + total + " bytes from " + peer + " exceeds " + limits.maxMessageSize()
                    + " bytes: refused with 413, connection closed");
            return;
        }
        while (rawEnd < total) {
            if (!fill()) {
                return;
            }
        }
        if (block.isRequest()) {
            Optional<StreamScreening.Refusal> refusal = StreamScreening.refusalOf(block, "TLS");
            if (refusal.isPresent()) {
                LOG.log(System.Logger.Level.INFO, "{0} from {1} refused: {2} {3}", block.method(), peer, refusal.get().code(),
                        refusal.get().reason());
                answer(block, refusal.get().code(), refusal.get().reason(), List.of());
                consume((int) total);
                return;
            }
        }
        release((int) total);
    }

    /** The offset just past the empty line ending the header section, or -1. */
    private int headerEnd() {
        for (int i = 0; i + 1 < rawEnd; i++) {
            if (raw[i] == '\n') {
                if (raw[i + 1] == '\n') {
                    return i + 2;
                }
                if (raw[i + 1] == '\r' && i + 2 < rawEnd && raw[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private void release(int length) {
        ready = Arrays.copyOf(raw, length);
        readyAt = 0;
        consume(length);
    }

    private void consume(int length) {
        System.arraycopy(raw, length, raw, 0, rawEnd - length);
        rawEnd -= length;
    }

    private void answer(SipHeaderBlock block, int code, String reason, List<String> extra) {
        byte[] response = StreamScreening.answer(block, code, reason, extra, Utils.getInstance().generateTag());
        if (response == null) {
            return;
        }
        try {
            OutputStream out = socket.getOutputStream();
            // JAIN-SIP writes on this stream under its lock too (IOHandler.writeChunks).
            synchronized (out) {
                out.write(response);
                out.flush();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot answer {0}: {1}", peer, e.getMessage());
        }
    }

    /**
     * Reads more raw bytes, growing the buffer up to the message limit; false when the stream
     * ended (peer closed, timeout, error), after closing the connection.
     */
    private boolean fill() throws IOException {
        if (rawEnd == raw.length) {
            raw = Arrays.copyOf(raw, Math.min(limits.maxMessageSize() + 4, raw.length * 2));
        }
        while (true) {
            try {
                if (accepted) {
                    socket.setSoTimeout(timeoutMillis());
                }
                int n = socket.getInputStream().read(raw, rawEnd, raw.length - rawEnd);
                if (n < 0) {
                    end(null, null);
                    return false;
                }
                handshaken = true;
                lastActivity = System.nanoTime();
                rawEnd += n;
                return true;
            } catch (SocketTimeoutException e) {
                if (!accepted) {
                    // A read timeout JAIN-SIP set on its own link: its to handle, as without the screen.
                    throw e;
                }
                if (!handshaken) {
                    end("tlsHandshakeTimeout", "TLS handshake from " + peer + " not done within "
                            + limits.handshakeTimeout().toSeconds() + " s: connection closed");
                    return false;
                }
                if (System.nanoTime() - lastActivity >= limits.idleTimeout().toNanos()) {
                    end("inboundIdleTimeout", "connection from " + peer + " silent for " + limits.idleTimeout().toSeconds()
                            + " s: closed");
                    return false;
                }
            } catch (IOException e) {
                boolean late = accepted && !handshaken && System.nanoTime() - acceptedAt >= limits.handshakeTimeout().toNanos();
                if (late) {
                    end("tlsHandshakeTimeout", "TLS handshake from " + peer + " not done within "
                            + limits.handshakeTimeout().toSeconds() + " s: connection closed");
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "connection from {0} ends: {1}", peer, e.getMessage());
                    end(null, null);
                }
                return false;
            }
        }
    }

    private int timeoutMillis() {
        long now = System.nanoTime();
        long left = handshaken ? limits.idleTimeout().toNanos() - (now - lastActivity)
                : limits.handshakeTimeout().toNanos() - (now - acceptedAt);
        return (int) Math.max(1, left / 1_000_000);
    }

    /** Ends the stream and closes the connection; a limit that did so is posted as an event. */
    private void end(String limit, String message) {
        ended = true;
        raw = new byte[0];
        rawEnd = 0;
        if (limit != null) {
            String max = switch (limit) {
                case "maxMessageSize" -> Integer.toString(limits.maxMessageSize());
                case "tlsHandshakeTimeout" -> Long.toString(limits.handshakeTimeout().toSeconds());
                default -> Long.toString(limits.idleTimeout().toSeconds());
            };
            connections.refused(limit, peer, max, message);
        }
        InboundConnections.closeQuietly(socket);
    }
}
