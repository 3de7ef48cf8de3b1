package org.secureta.transport.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * A peer that writes whatever bytes a test gives it over TLS (or plain TCP) to a unit and reads
 * back what the unit answers, message by message: the torture-message sender of RFC 4475.
 */
public final class HostilePeer implements AutoCloseable {

    /** One SIP response as received: status, reason and raw header lines. */
    public record Answer(int status, String reason, List<String> headers) {
        public Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).trim()).findFirst();
        }

        /** All values of {@code name}, comma lists split. */
        public List<String> values(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            List<String> result = new ArrayList<>();
            headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .forEach(h -> List.of(h.substring(prefix.length()).split(",")).forEach(v -> result.add(v.trim())));
            return result;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private HostilePeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** A TLS connection to {@code port} on loopback, trusting {@code ca}, handshake done. */
    public static HostilePeer tls(TestCa ca, int port) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {ca.trustManager()}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return new HostilePeer(socket);
    }

    /** A plain TCP connection that never starts TLS. */
    public static HostilePeer tcp(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        socket.setSoTimeout(10_000);
        return new HostilePeer(socket);
    }

    /**
     * The peer end of a connection the unit opened (a hostile "proxy" accepted it), handshake done.
     */
    public static HostilePeer accepted(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        if (socket instanceof SSLSocket tls) {
            tls.startHandshake();
        }
        return new HostilePeer(socket);
    }

    /** The start line and headers of the next message, request or response, its body skipped. */
    public String nextHead() throws IOException {
        String head = readHead();
        if (head == null) {
            throw new IOException("the unit closed the connection");
        }
        int length = 0;
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:") || lower.startsWith("l:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        in.readNBytes(length);
        return head;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    public Socket socket() {
        return socket;
    }

    public HostilePeer send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /**
     * Writes {@code head}, then {@code bodyBytes} bytes of body, 64 KiB at a time from one reused
     * buffer (a 64 MiB body is never held), until all is written or the unit ends the connection.
     * The head and the first chunk go in one write, so the unit has the body's start to read.
     * Returns the body bytes handed to the socket.
     */
    public long sendStreaming(String head, long bodyBytes) {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        int first = (int) Math.min(chunk.length, bodyBytes);
        byte[] opening = java.util.Arrays.copyOf(start, start.length + first);
        System.arraycopy(chunk, 0, opening, start.length, first);
        long written = 0;
        try {
            out.write(opening);
            written = first;
            while (written < bodyBytes) {
                int n = (int) Math.min(chunk.length, bodyBytes - written);
                out.write(chunk, 0, n);
                written += n;
            }
            out.flush();
        } catch (IOException e) {
            // The unit closed the connection: the rest of the body has nowhere to go.
        }
        return written;
    }

    /** The next final response (provisional ones skipped). */
    public Answer finalAnswer() throws IOException {
        while (true) {
            Answer answer = answer();
            if (answer.status() >= 200) {
                return answer;
            }
        }
    }

    /** The next response. */
    public Answer answer() throws IOException {
        String head = readHead();
        if (head == null) {
            throw new IOException("the unit closed the connection without answering");
        }
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        List<String> headers = List.of(lines).subList(1, lines.length);
        Answer answer = new Answer(Integer.parseInt(status[1]), status.length > 2 ? status[2] : "", headers);
        int length = answer.header("Content-Length").or(() -> answer.header("l")).map(Integer::parseInt).orElse(0);
        in.readNBytes(length);
        return answer;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                continue;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : b == '\r' ? 1 : 0;
            if (state == 4) {
                return head.toString(StandardCharsets.UTF_8).trim();
            }
        }
    }

    /**
     * Whether the unit closes the connection within {@code within} with nothing more to say
     * (end of stream, or the connection reset); false if it stays open that long.
     */
    public boolean closedByUnit(Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        try {
            int b = in.read();
            if (b >= 0) {
                throw new IOException("the unit sent data (" + (char) b + "...) instead of closing");
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SSLException | SocketException e) {
            return true;
        }
    }

    /**
     * Whether the unit ends the connection within {@code within}, whatever it sends first (a
     * plain TCP peer gets a TLS alert); false if the connection is still open then.
     */
    public boolean endsWithin(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (in.read(new byte[512]) < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
