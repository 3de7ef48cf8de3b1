package org.secureta.transport.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.function.BiFunction;

import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A TLS connection as JAIN-SIP sees it: the real socket, except that what JAIN-SIP reads passes
 * through a {@link SipStreamScreen} first and, for an accepted connection, closing it frees its
 * place among the {@link InboundConnections} and the screen owns the read timeout. Connections
 * the unit opens itself (its links) are screened the same way, without the timeouts.
 * Everything else is the real socket's.
 */
final class ScreenedSslSocket extends SSLSocket {

    private final SSLSocket socket;
    private final InboundConnections connections;
    private final boolean accepted;
    private SipStreamScreen screen;
    /**
     * Tests only: runs first in {@link #close()} of a connection the unit opened, to play a
     * JAIN-SIP reader that is slow to let go (a loaded machine). Null in a real unit.
     */
    static volatile Runnable beforeClientClose;
    /** Completed when anyone (JAIN-SIP's reader, as it drops the connection) first calls {@link #close()}. */
    private final java.util.concurrent.CompletableFuture<Void> closeCalled = new java.util.concurrent.CompletableFuture<>();

    /** An accepted connection, held to the inbound limits. */
    ScreenedSslSocket(SSLSocket socket, InboundConnections connections) {
        this(socket, connections, true);
    }

    /**
     * {@code accepted} false: a connection the unit opened; {@code connections} then only lends
     * its maxMessageSize and its LIMIT events.
     */
    ScreenedSslSocket(SSLSocket socket, InboundConnections connections, boolean accepted) {
        this.socket = socket;
        this.connections = connections;
        this.accepted = accepted;
    }

    /** The socket underneath (for tests and the option checks). */
    SSLSocket unwrapped() {
        return socket;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return screen();
    }

    private synchronized SipStreamScreen screen() {
        if (screen == null) {
            screen = new SipStreamScreen(socket, connections, accepted);
        }
        return screen;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return socket.getOutputStream();
    }

    @Override
    public void close() throws IOException {
        Runnable hook = beforeClientClose;
        if (hook != null && !accepted) {
            hook.run();
        }
        try {
            socket.close();
        } finally {
            if (accepted) {
                connections.closed(this);
            }
            closeCalled.complete(null);
        }
    }

    /** Completes once {@link #close()} has been called (and returned or thrown). */
    java.util.concurrent.CompletableFuture<Void> closeCalled() {
        return closeCalled;
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected();
    }

    @Override
    public boolean isBound() {
        return socket.isBound();
    }

    @Override
    public boolean isInputShutdown() {
        return socket.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return socket.isOutputShutdown();
    }

    @Override
    public void shutdownInput() throws IOException {
        socket.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public InetAddress getInetAddress() {
        return socket.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getPort() {
        return socket.getPort();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return socket.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public SocketChannel getChannel() {
        return socket.getChannel();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        socket.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return socket.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        socket.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return socket.getSoLinger();
    }

    /** On an accepted connection the screen owns the read timeout (handshake, then idle); JAIN-SIP's setting is ignored. */
    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (!accepted) {
            socket.setSoTimeout(timeout);
        }
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return socket.getSoTimeout();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        socket.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return socket.getKeepAlive();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        socket.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return socket.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        socket.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return socket.getReceiveBufferSize();
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        socket.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return socket.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return socket.supportedOptions();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return socket.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return socket.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        socket.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return socket.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return socket.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        socket.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
        return socket.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return socket.getHandshakeSession();
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
        socket.addHandshakeCompletedListener(listener);
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
        socket.removeHandshakeCompletedListener(listener);
    }

    /**
     * JAIN-SIP's channel thread shakes hands here, under the screen's handshake timeout.
     *
     * <p>Every failure leaves as an {@link SSLHandshakeException}: JAIN-SIP's
     * {@code IOHandler.sendBytes} (jain-sip-ri 1.3.0-91) rethrows only that type and swallows any
     * other IOException, then returns the dead socket as if the request had been written. A peer
     * that resets the connection during the handshake (a server refusing the unit's certificate
     * often closes before the unit has read its alert: the JDK then reports the reset as a plain
     * SocketException) would leave the request to time out at Timer F (32 s) instead of failing
     * at once (RFC 3261 8.1.3.1: a transport error is a 503 to the transaction user).
     */
    @Override
    public void startHandshake() throws IOException {
        try {
            socket.startHandshake();
            screen().handshakeDone();
        } catch (IOException e) {
            screen().handshakeFailed(e);
            if (e instanceof javax.net.ssl.SSLHandshakeException) {
                throw e;
            }
            javax.net.ssl.SSLHandshakeException failed = new javax.net.ssl.SSLHandshakeException("TLS handshake with "
                    + socket.getInetAddress().getHostAddress() + ":" + socket.getPort() + " failed: " + e.getMessage());
            failed.initCause(e);
            throw failed;
        }
    }

    @Override
    public void setUseClientMode(boolean mode) {
        socket.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return socket.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        socket.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return socket.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        socket.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return socket.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        socket.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return socket.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return socket.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        socket.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
        return socket.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return socket.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, java.util.List<String>, String> selector) {
        socket.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLSocket, java.util.List<String>, String> getHandshakeApplicationProtocolSelector() {
        return socket.getHandshakeApplicationProtocolSelector();
    }

    @Override
    public String toString() {
        return "screened " + socket;
    }
}
