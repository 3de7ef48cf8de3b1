package org.secureta.launcher.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS peer in the proxy's place that passes everything on to the real proxy over TLS of its own
 * (the unit checks the proxy's certificate and name, so the relay presents the proxy's), and
 * puts an RFC 5626 pong ({@code CRLF}) right in front of every response from the proxy, in the
 * same write and so the same TLS record: the unit reads the pong and the response in one read.
 * Some stacks then take the CRLF for the start of the message, or drop the response with it. It
 * also counts the unit's pings ({@code CRLFCRLF}) and the proxy's own pongs.
 */
final class PongRelay implements AutoCloseable {

    private static final byte[] PONG = "\r\n".getBytes(StandardCharsets.US_ASCII);

    private final SSLServerSocket listener;
    private final SSLContext towardsProxy;
    private final InetSocketAddress proxy;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private int pings;
    private int proxyPongs;
    private int responsesWithPong;
    private volatile boolean closed;

    private PongRelay(SSLServerSocket listener, SSLContext towardsProxy, InetSocketAddress proxy) {
        this.listener = listener;
        this.towardsProxy = towardsProxy;
        this.proxy = proxy;
    }

    /**
     * Listens on a free loopback port with the certificate in {@code keyStore} (PKCS#12) and
     * relays to {@code proxy}, trusting the CA certificate in {@code caCertificate}.
     */
    static PongRelay start(Path keyStore, char[] password, Path caCertificate, InetSocketAddress proxy) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caCertificate)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);

        SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        PongRelay relay = new PongRelay(listener, client, proxy);
        daemon(relay::acceptLoop, "pong-relay-accept");
        return relay;
    }

    String hostPort() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SSLSocket unit = (SSLSocket) listener.accept();
                SSLSocket server = (SSLSocket) towardsProxy.getSocketFactory().createSocket();
                sockets.add(unit);
                sockets.add(server);
                unit.startHandshake();
                // Towards the proxy, the TLS version the unit chose: the proxy sees what it would see
                // from the unit (OpenSIPS 3.4 dropped a TLS 1.3 link when another worker answered on it).
                server.setEnabledProtocols(new String[] {unit.getSession().getProtocol()});
                server.connect(proxy, 4000);
                server.startHandshake();
                daemon(() -> pump(unit, server, true), "pong-relay-up");
                daemon(() -> pump(server, unit, false), "pong-relay-down");
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // one failed connection (a handshake the unit gave up): keep listening
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsTheProxy) {
        byte[] buffer = new byte[65536];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                String text = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                if (towardsTheProxy) {
                    countPings(text);
                    out.write(buffer, 0, n);
                } else if (text.startsWith("SIP/2.0 ")) {
                    byte[] both = new byte[PONG.length + n];
                    System.arraycopy(PONG, 0, both, 0, PONG.length);
                    System.arraycopy(buffer, 0, both, PONG.length, n);
                    // One write, one TLS record: the pong and the response reach the unit together.
                    out.write(both);
                    counted(0, 0, 1);
                } else {
                    if (text.isBlank()) {
                        counted(0, 1, 0);
                    }
                    out.write(buffer, 0, n);
                }
                out.flush();
            }
        } catch (IOException ended) {
            // one side closed or reset: close the other
        } finally {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    private void countPings(String text) {
        int at = 0;
        int found = 0;
        while ((at = text.indexOf("\r\n\r\n", at)) >= 0 && text.substring(0, at).isBlank()) {
            found++;
            at += 4;
        }
        if (found > 0 && text.isBlank()) {
            counted(found, 0, 0);
        }
    }

    private synchronized void counted(int ping, int pong, int response) {
        pings += ping;
        proxyPongs += pong;
        responsesWithPong += response;
        notifyAll();
    }

    /** {pings from the unit, pongs from the proxy, responses sent on with a pong in front}. */
    synchronized int[] counts() {
        return new int[] {pings, proxyPongs, responsesWithPong};
    }

    /** Waits until the unit sent {@code pingCount} pings and the proxy answered {@code pongCount}; false if not within the timeout. */
    synchronized boolean awaitKeepAlives(int pingCount, int pongCount, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pings < pingCount || proxyPongs < pongCount) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(PongRelay::closeQuietly);
    }
}
