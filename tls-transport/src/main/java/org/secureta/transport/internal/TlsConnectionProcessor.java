package org.secureta.transport.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

import gov.nist.core.HostPort;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TLSMessageProcessor;

/**
 * A TLS listening point of a unit's stack (issue 18: a fleet's thread budget). Its connections,
 * accepted or opened, are {@link TlsConnectionChannel}s: one thread per connection that reads,
 * frames and parses, where JAIN-SIP's own channel needs a reader and a parser thread. It has no
 * accept thread of its own: its listening socket is one of those the {@link SharedAcceptor}
 * watches for all units. Sockets are made by {@link UnitNetworkLayer}, so accepted connections
 * still pass the unit's {@link InboundConnections} limits and are read through a
 * {@link SipStreamScreen}.
 *
 * <p>JAIN-SIP's MAX_CONNECTIONS is not heeded (the unit never sets it, and the stack keeps it out
 * of reach of a subclass elsewhere): {@link InboundConnections} bounds the accepted connections.
 */
final class TlsConnectionProcessor extends TLSMessageProcessor {

    private static final System.Logger LOG = System.getLogger(TlsConnectionProcessor.class.getName());

    private final AtomicInteger acceptedCount = new AtomicInteger();
    private volatile UnitNetworkLayer network;
    private volatile ServerSocketChannel listening;

    TlsConnectionProcessor(InetAddress address, SIPTransactionStack stack, int port) {
        super(address, stack, port);
    }

    /**
     * Binds the listening socket and hands it to the {@link SharedAcceptor} (JAIN-SIP's start
     * would bind an SSLServerSocket and start a thread blocked in its accept()). A stack with a
     * network layer other than the unit's gets JAIN-SIP's own accept thread and channels.
     */
    @Override
    public void start() throws IOException {
        if (!(sipStack.getNetworkLayer() instanceof UnitNetworkLayer unitLayer)) {
            super.start();
            return;
        }
        network = unitLayer;
        listening = unitLayer.openTlsListener(getPort(), getIpAddress());
        // JAIN-SIP's stop() closes this socket, its channels and the connections.
        sock = listening.socket();
        isRunning = true;
        SharedAcceptor.instance().listen(listening, this::accepted);
    }

    /**
     * A connection accepted on the shared acceptor's thread: TLS on it, the inbound limits, and
     * its reader, which runs the handshake. Like JAIN-SIP's own accept loop, the connection is
     * not entered among the incoming channels (its handshake is not done yet); its reader keeps it.
     */
    private void accepted(SocketChannel connection) {
        Socket admitted = null;
        try {
            if (!isRunning) {
                connection.close();
                return;
            }
            admitted = network.acceptedTls(connection.socket());
            if (admitted != null) {
                new TlsConnectionChannel(admitted, sipStack, this, "TLSMessageChannelThread-" + acceptedCount.incrementAndGet());
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "an accepted TLS connection could not be served: {0}", e.toString());
            // The admitted socket first: closing it frees its place among the inbound connections.
            if (admitted != null) {
                closeQuietly(admitted);
            }
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // dropping it anyway
        }
    }

    /** JAIN-SIP's stop, then the listening socket leaves the shared acceptor (its port is free again on return). */
    @Override
    public void stop() {
        super.stop();
        ServerSocketChannel channel = listening;
        if (channel != null) {
            SharedAcceptor.instance().close(channel);
        }
    }

    /** The cached outgoing channel to {@code target}, or a new one (its connection is opened by the first send). */
    @Override
    public synchronized MessageChannel createMessageChannel(HostPort target) throws IOException {
        return cachedOrNew(MessageChannel.getKey(target, "TLS"), target.getInetAddress(), target.getPort());
    }

    @Override
    public synchronized MessageChannel createMessageChannel(InetAddress host, int port) throws IOException {
        return cachedOrNew(MessageChannel.getKey(host, port, "TLS"), host, port);
    }

    private MessageChannel cachedOrNew(String key, InetAddress host, int port) throws IOException {
        MessageChannel cached = messageChannels.get(key);
        if (cached != null) {
            return cached;
        }
        TlsConnectionChannel channel = new TlsConnectionChannel(host, port, sipStack, this);
        channel.cached();
        messageChannels.put(key, channel);
        return channel;
    }

    /** A channel's reader starts reading messages (JAIN-SIP's count of connections in use). */
    synchronized void readerStarted() {
        useCount++;
    }

    /** A channel's reader ended: the channel is dropped from the cache and no longer in use. */
    synchronized void readerEnded(TlsConnectionChannel channel) {
        remove(channel);
        useCount--;
    }
}
