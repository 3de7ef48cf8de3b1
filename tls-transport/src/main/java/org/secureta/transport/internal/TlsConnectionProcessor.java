package org.secureta.transport.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import gov.nist.core.HostPort;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TLSMessageProcessor;

/**
 * A TLS listening point of a unit's stack whose connections, accepted or opened, are
 * {@link TlsConnectionChannel}s: one thread per connection that reads, frames and parses, where
 * JAIN-SIP's own channel needs a reader and a parser thread (issue 18). The listening socket,
 * its options and the accept thread are JAIN-SIP's ({@code MessageProcessorThread-TLS-...}); the
 * socket comes from {@link UnitNetworkLayer}, so accepted connections still pass the unit's
 * {@link InboundConnections} limits and are read through a {@link SipStreamScreen}.
 *
 * <p>The accept loop takes no heed of JAIN-SIP's MAX_CONNECTIONS (the unit never sets it, and
 * the stack keeps it out of reach of a subclass elsewhere): {@link InboundConnections} bounds the
 * accepted connections before the loop sees them.
 */
final class TlsConnectionProcessor extends TLSMessageProcessor {

    private static final System.Logger LOG = System.getLogger(TlsConnectionProcessor.class.getName());

    private final AtomicInteger acceptedCount = new AtomicInteger();

    TlsConnectionProcessor(InetAddress address, SIPTransactionStack stack, int port) {
        super(address, stack, port);
    }

    /** JAIN-SIP's accept thread: each accepted connection gets its reader at once, handshake included. */
    @Override
    public void run() {
        while (isRunning) {
            Socket accepted;
            try {
                accepted = sock.accept();
            } catch (SocketException | SSLException e) {
                // The listening socket is closed (the stack stops) or broken: nothing more to accept.
                if (isRunning) {
                    LOG.log(System.Logger.Level.ERROR, "TLS listening point " + getIpAddress().getHostAddress() + ":" + getPort()
                            + " stops accepting", e);
                    isRunning = false;
                }
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "a TLS connection could not be accepted: {0}", e.toString());
                continue;
            }
            if (!isRunning) {
                close(accepted);
                return;
            }
            try {
                // A SIP message is written whole: Nagle's algorithm would only hold it behind the peer's delayed ACK.
                accepted.setTcpNoDelay(true);
                new TlsConnectionChannel(accepted, sipStack, this, "TLSMessageChannelThread-" + acceptedCount.incrementAndGet());
                // Like JAIN-SIP's own loop, an accepted connection is not entered among the
                // incoming channels before its handshake is done, which its reader only starts.
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an accepted TLS connection could not be served: {0}", e.toString());
                close(accepted);
            }
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // dropping it anyway
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
