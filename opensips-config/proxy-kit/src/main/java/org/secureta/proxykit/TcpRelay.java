package org.secureta.proxykit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on loopback in front of a server, as a NAT or a middle box would be. It can be
 * told to go silent: the connections it carries at that moment stop forwarding in both directions
 * without FIN or RST (both ends still believe them open), while new connections are forwarded
 * normally. It can also drop every connection (FIN both ways) and forward new ones to another
 * server port, which looks to the client like the server restarting on the same address.
 */
public final class TcpRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    private volatile int targetPort;
    private long towardsServer;
    private long towardsClient;
    private int closedByClients;
    private volatile boolean closed;

    private final class Pair {
        final Socket client;
        final Socket server;
        volatile boolean silent;

        Pair(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void pump(Socket from, Socket to, boolean up) {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (silent) {
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    counted(up);
                }
                if (!silent) {
                    to.shutdownOutput();
                }
            } catch (IOException ended) {
                if (!silent) {
                    closeQuietly(to);
                }
            } finally {
                if (up) {
                    clientClosed();
                }
            }
        }
    }

    private TcpRelay(ServerSocket listener, int targetPort) {
        this.listener = listener;
        this.targetPort = targetPort;
    }

    /** Listens on a free loopback port and forwards to 127.0.0.1:{@code targetPort}. */
    public static TcpRelay start(int targetPort) throws IOException {
        TcpRelay relay = new TcpRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
        Thread accept = new Thread(relay::acceptLoop, "relay-accept-" + relay.port());
        accept.setDaemon(true);
        accept.start();
        return relay;
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                try {
                    server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
                } catch (IOException refused) {
                    closeQuietly(client);
                    closeQuietly(server);
                    continue;
                }
                Pair pair = new Pair(client, server);
                pairs.add(pair);
                start(() -> pair.pump(client, server, true), "relay-up");
                start(() -> pair.pump(server, client, false), "relay-down");
            } catch (SocketException stopped) {
                return;
            } catch (IOException e) {
                // a failed accept: keep listening
            }
        }
    }

    private static void start(Runnable pump, String name) {
        Thread thread = new Thread(pump, name);
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void clientClosed() {
        closedByClients++;
        notifyAll();
    }

    /** Waits until {@code count} connections in all have been closed (or reset) by their client. */
    public synchronized void awaitClosedByClients(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (closedByClients < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(closedByClients + " connections closed by their client within " + timeout + ", wanted " + count);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private synchronized void counted(boolean up) {
        if (up) {
            towardsServer++;
        } else {
            towardsClient++;
        }
        notifyAll();
    }

    /** Chunks forwarded so far from the client to the server and back: {towardsServer, towardsClient}. */
    public synchronized long[] forwarded() {
        return new long[] {towardsServer, towardsClient};
    }

    /** Waits until at least {@code up} chunks went to the server and {@code down} came back since the counts {@code from}. */
    public synchronized void awaitForwarded(long[] from, long up, long down, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (towardsServer - from[0] < up || towardsClient - from[1] < down) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("relay forwarded " + (towardsServer - from[0]) + " chunks up and " + (towardsClient - from[1])
                        + " down within " + timeout + ", wanted " + up + " and " + down);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The connections carried now stop forwarding, silently (no FIN, no RST); new ones still work. */
    public void goSilent() {
        pairs.forEach(p -> p.silent = true);
    }

    /** Closes every connection (FIN both ways) and forwards new ones to {@code port}. */
    public void retarget(int port) {
        targetPort = port;
        for (Pair pair : pairs) {
            closeQuietly(pair.client);
            closeQuietly(pair.server);
        }
        pairs.clear();
    }

    /** Connections accepted so far, open or closed since (only {@link #retarget} forgets them). */
    public int connections() {
        return pairs.size();
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
        for (Pair pair : pairs) {
            closeQuietly(pair.client);
            closeQuietly(pair.server);
        }
    }
}
