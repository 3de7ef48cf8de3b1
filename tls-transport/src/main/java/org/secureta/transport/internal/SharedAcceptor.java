package org.secureta.transport.internal;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Accepts the TCP connections of every unit's TLS listening sockets in this JVM on one thread,
 * {@code secureta-accept} (issue 18). JAIN-SIP gives each listening point a thread blocked in
 * accept(): one per unit (two with a TLS server on another SecurePort), nearly always idle.
 * Here the listening sockets are non-blocking channels on one selector; an accepted connection
 * is handed at once to its listening point, which gives it its own reader (the TLS handshake
 * runs there, never here: a stalled client holds up no other unit). Only accepting is shared;
 * the connections themselves stay blocking sockets, as JAIN-SIP's channels need.
 */
final class SharedAcceptor {

    private static final System.Logger LOG = System.getLogger(SharedAcceptor.class.getName());
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final SharedAcceptor INSTANCE = new SharedAcceptor();

    private final Queue<Runnable> changes = new ConcurrentLinkedQueue<>();
    private Selector selector;
    private Thread thread;

    private SharedAcceptor() {
    }

    static SharedAcceptor instance() {
        return INSTANCE;
    }

    /**
     * Accepts on {@code listening} (bound, non-blocking) from now on; each accepted connection,
     * in blocking mode, goes to {@code accepted}, which must return at once.
     */
    void listen(ServerSocketChannel listening, Consumer<SocketChannel> accepted) throws IOException {
        change(() -> {
            try {
                listening.register(selector, SelectionKey.OP_ACCEPT, accepted);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "a TLS listening socket could not be watched: {0}", e.toString());
            }
        });
    }

    /**
     * Stops accepting on {@code listening} and closes it. Returns once the socket is closed for
     * good: a channel closed while registered keeps its port bound until the selector drops it,
     * and a unit that restarts binds the same port again at once.
     */
    void close(ServerSocketChannel listening) {
        if (Thread.currentThread() == thread) {
            // A listening point stopped by what it was handed: the key is dropped on the next selection.
            closeQuietly(listening);
            return;
        }
        CompletableFuture<Void> closed = new CompletableFuture<>();
        try {
            change(() -> {
                SelectionKey key = listening.keyFor(selector);
                if (key != null) {
                    key.cancel();
                }
                try {
                    // Drops the cancelled key now, which releases the socket.
                    selector.selectNow();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "selector: {0}", e.toString());
                }
                closeQuietly(listening);
                closed.complete(null);
            });
            closed.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "a TLS listening socket was closed without its acceptor: {0}", e.toString());
            closeQuietly(listening);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(listening);
        }
    }

    /** Runs {@code change} on the acceptor thread (the selector's keys change only there), starting it if need be. */
    private synchronized void change(Runnable change) throws IOException {
        if (thread == null) {
            selector = Selector.open();
            thread = new Thread(this::run, "secureta-accept");
            thread.setDaemon(true);
            thread.start();
        }
        changes.add(change);
        selector.wakeup();
    }

    private void run() {
        try {
            while (true) {
                Runnable change;
                while ((change = changes.poll()) != null) {
                    change.run();
                }
                selector.select();
                // Every selected key, not only the newly selected ones: one left over from a
                // close's selectNow is still waiting for its connection to be taken.
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isAcceptable()) {
                        acceptAll(key);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.log(System.Logger.Level.ERROR, "the shared TLS acceptor stopped", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void acceptAll(SelectionKey key) {
        ServerSocketChannel listening = (ServerSocketChannel) key.channel();
        Consumer<SocketChannel> handler = (Consumer<SocketChannel>) key.attachment();
        while (true) {
            SocketChannel connection;
            try {
                connection = listening.accept();
            } catch (IOException e) {
                // Out of descriptors, or the socket closed meanwhile: try again on the next selection.
                LOG.log(System.Logger.Level.WARNING, "accepting a TLS connection: {0}", e.toString());
                return;
            }
            if (connection == null) {
                return;
            }
            try {
                connection.configureBlocking(true);
                handler.accept(connection);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an accepted TLS connection could not be served: {0}", e.toString());
                closeQuietly(connection);
            }
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
