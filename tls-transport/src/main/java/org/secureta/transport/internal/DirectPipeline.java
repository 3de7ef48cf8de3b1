package org.secureta.transport.internal;

import java.io.IOException;
import java.io.InputStream;

import gov.nist.javax.sip.parser.Pipeline;

/**
 * JAIN-SIP's message parser reads a {@link Pipeline}, which another thread normally fills with
 * what it reads off the connection. This one is read straight off the connection by the
 * parser's own thread: no copying thread, no queue of unparsed bytes (issue 18). The parser
 * reads its lines a byte at a time, so bytes are taken from the connection a buffer at a time.
 * JAIN-SIP's read timeout (READ_TIMEOUT) is not used by the unit: on a TLS server's connection
 * the {@link SipStreamScreen} owns the timeouts, on a link the keep-alive judges silence.
 */
final class DirectPipeline extends Pipeline {

    private final InputStream connection;
    private final byte[] buffer = new byte[2048];
    private int position;
    private int end;
    private volatile boolean closed;

    DirectPipeline(InputStream connection) {
        // -1: no read timeout, so the stack's timer is never asked for.
        super(connection, -1, null);
        this.connection = connection;
    }

    @Override
    public int read() throws IOException {
        if (position == end && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    /** A message body: what is buffered first, then straight off the connection. */
    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == end) {
            if (length >= buffer.length) {
                return connection.read(into, offset, length);
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, end - position);
        System.arraycopy(buffer, position, into, offset, n);
        position += n;
        return n;
    }

    private boolean fill() throws IOException {
        int n = connection.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        end = n;
        return true;
    }

    @Override
    public int available() throws IOException {
        return end - position;
    }

    /** Nothing is ever written: the parser's input is the connection itself. */
    @Override
    public void write(byte[] bytes, int start, int length) throws IOException {
        throw new IOException("a direct pipeline is read off its connection, not written to");
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        connection.close();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }
}
