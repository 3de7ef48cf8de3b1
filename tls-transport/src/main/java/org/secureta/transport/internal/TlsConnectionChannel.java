package org.secureta.transport.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLSocket;

import gov.nist.javax.sip.parser.PipelinedMsgParser;
import gov.nist.javax.sip.stack.HandshakeCompletedListenerImpl;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TLSMessageChannel;

/**
 * One TLS connection of a unit's stack, served by one thread (issue 18). JAIN-SIP's channel
 * gives each connection two: a reader that copies the socket's bytes into a queue and a
 * {@code PipelineThread} that frames and parses them. Here the reader runs the parser itself,
 * on a {@link DirectPipeline} over the socket: each message is framed, parsed and handed to the
 * stack (RFC 3261 18.3: framed by Content-Length) before the next one is read. Everything else,
 * sending, reconnecting, closing, the socket table, is JAIN-SIP's channel unchanged.
 *
 * <p>The thread is JAIN-SIP's: for an accepted connection the one its constructor starts
 * ({@code TLSMessageChannelThread-N}), for a connection the unit opened the one it starts when
 * the first message goes out ({@code TCPMessageChannelThread}). Handing a message to the stack
 * is short (the unit's listener only creates a new request's server transaction, then passes
 * the event to the unit's executor, {@link JainSipEvents}), so reading waits little behind it.
 * What the reader does when the connection ends is unchanged: it closes the socket
 * ({@link TlsEndpoint#released} completes), then drops the stack's socket-table entry.
 */
final class TlsConnectionChannel extends TLSMessageChannel {

    private static final System.Logger LOG = System.getLogger(TlsConnectionChannel.class.getName());

    /** An accepted connection: its reader starts at once and runs the server side of the handshake first. */
    TlsConnectionChannel(Socket accepted, SIPTransactionStack stack, TlsConnectionProcessor processor, String threadName) throws IOException {
        super(accepted, stack, processor, threadName);
    }

    /** A connection the unit opens: the stack opens it on the first send, then starts the reader. */
    TlsConnectionChannel(InetAddress peer, int port, SIPTransactionStack stack, TlsConnectionProcessor processor) throws IOException {
        super(peer, port, stack, processor);
    }

    /** In the processor's cache of outgoing channels (JAIN-SIP closes a cached channel differently). */
    void cached() {
        isCached = true;
    }

    @Override
    public void run() {
        if (handshake()) {
            readMessages();
        }
    }

    /**
     * The handshake of an accepted connection, on its own reader so that a stalled client holds
     * up nobody else (a connection the unit opened was handshaken before its reader started).
     * Renegotiation is refused unless the stack allows it.
     */
    private boolean handshake() {
        if (!(mySock instanceof SSLSocket ssl) || isHandshakeCompleted()) {
            return true;
        }
        HandshakeCompletedListenerImpl listener = new HandshakeCompletedListenerImpl(this, ssl);
        setHandshakeCompletedListener(listener);
        ssl.addHandshakeCompletedListener(listener);
        listener.startHandshakeWatchdog();
        try {
            ssl.startHandshake();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "TLS handshake from {0} failed: {1}", ssl.getRemoteSocketAddress(), e.toString());
            ssl.removeHandshakeCompletedListener(listener);
            setHandshakeCompletedListener(null);
            closeQuietly();
            return false;
        }
        setHandshakeCompleted(true);
        if (!getSIPStack().isSslRenegotiationEnabled()) {
            ssl.getSession().invalidate();
            ssl.setEnableSessionCreation(false);
        }
        return true;
    }

    private void closeQuietly() {
        try {
            if (myClientInputStream != null) {
                myClientInputStream.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            myClientInputStream = null;
        }
        try {
            mySock.close();
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            mySock = null;
        }
    }

    /** Reads, frames and parses messages until the connection ends, then lets go of it. */
    private void readMessages() {
        TlsConnectionProcessor processor = (TlsConnectionProcessor) getMessageProcessor();
        PipelinedMsgParser parser = new PipelinedMsgParser(sipStack, this, new DirectPipeline(myClientInputStream), sipStack.getMaxMessageSize());
        myParser = parser;
        processor.readerStarted();
        isRunning = true;
        try {
            // Returns when the connection ends or a message breaks the framing; the parser
            // hands each message to processMessage on this thread.
            parser.run();
        } catch (RuntimeException e) {
            // A Content-Length the parser refuses (unreadable, or past MAX_MESSAGE_SIZE): the
            // stream cannot be framed any more (RFC 3261 18.3), so the connection is closed.
            LOG.log(System.Logger.Level.WARNING, "TLS connection from {0} closed: {1}", getPeerAddress() + ":" + getPeerPort(), e.getMessage());
        } finally {
            isRunning = false;
            close();
            processor.readerEnded(this);
            parser.close();
        }
    }
}
