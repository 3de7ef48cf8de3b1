package org.secureta.srtp.media;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One thread receiving the RTP and RTCP of every call of the JVM: a selector over the sessions'
 * non-blocking datagram channels. A thread per session and stream used to block in receive(): a
 * wake-up and a thread per packet and stream, which was a fifth of a fleet's CPU (hundreds of
 * calls, docs/benchmarks.md) and two threads per call. Here a wake-up reads every packet that has
 * arrived on every ready channel, and the sessions' senders send on one 20 ms grid, so packets
 * come in bursts. The handlers run on this thread: they must not block (unprotect, decode and tone
 * detection take microseconds).
 *
 * <p>The thread starts with the first channel and ends when none has been registered for
 * {@value #IDLE_MILLIS} ms, so an idle unit (or a stopped bundle) holds no thread.
 */
final class MediaReceiver {

    /** What a session does with a packet: {@code buffer} holds it from 0 to {@code length}. */
    interface Handler {
        void packet(byte[] buffer, int length, SocketAddress from);
    }

    static final MediaReceiver SHARED = new MediaReceiver("media-receive");

    private static final long IDLE_MILLIS = 10_000;
    private static final System.Logger LOG = System.getLogger(MediaReceiver.class.getName());

    private final String threadName;
    private final Queue<Registration> pending = new ConcurrentLinkedQueue<>();
    /** Guarded by this: the selector and its thread, null while no thread runs. */
    private Selector selector;
    private Thread thread;

    private record Registration(DatagramChannel channel, Handler handler) {
    }

    MediaReceiver(String threadName) {
        this.threadName = threadName;
    }

    /** Receives {@code channel}'s packets from now on, until it is closed. */
    void register(DatagramChannel channel, Handler handler) throws IOException {
        channel.configureBlocking(false);
        synchronized (this) {
            if (thread == null) {
                selector = Selector.open();
                Selector s = selector;
                thread = new Thread(() -> run(s), threadName);
                thread.setDaemon(true);
                thread.start();
            }
            pending.add(new Registration(channel, handler));
            selector.wakeup();
        }
    }

    private void run(Selector s) {
        // One receive buffer for every channel: a handler finishes with a packet before the next is read.
        byte[] bytes = new byte[2048];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long idleSince = System.nanoTime();
        try {
            while (true) {
                s.select(1000);
                registerPending(s);
                Iterator<SelectionKey> ready = s.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    drain(key, bytes, buffer);
                }
                if (!s.keys().isEmpty()) {
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince > IDLE_MILLIS * 1_000_000L) {
                    synchronized (this) {
                        if (pending.isEmpty()) {
                            thread = null;
                            selector = null;
                            s.close();
                            return;
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "media receiver stopped: " + e, e);
            synchronized (this) {
                thread = null;
                selector = null;
            }
        }
    }

    private void registerPending(Selector s) {
        for (Registration r; (r = pending.poll()) != null; ) {
            try {
                r.channel().register(s, SelectionKey.OP_READ, r.handler());
            } catch (ClosedChannelException closedMeanwhile) {
                // The session closed before its first packet: nothing to receive.
            }
        }
    }

    private static void drain(SelectionKey key, byte[] bytes, ByteBuffer buffer) {
        DatagramChannel channel = (DatagramChannel) key.channel();
        Handler handler = (Handler) key.attachment();
        // At most a few packets per channel and wake-up, so that one flooded port cannot starve the others.
        for (int i = 0; i < 16; i++) {
            SocketAddress from;
            try {
                buffer.clear();
                from = channel.receive(buffer);
            } catch (IOException closed) {
                key.cancel();
                return;
            }
            if (from == null) {
                return;
            }
            try {
                handler.packet(bytes, buffer.position(), from);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "media packet handler failed: " + e, e);
            }
        }
    }
}
