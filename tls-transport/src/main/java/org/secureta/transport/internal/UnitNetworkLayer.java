package org.secureta.transport.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;

import org.secureta.transport.pki.SocketServerIdentity;

/**
 * JAIN-SIP's sockets, made the unit's way (named in {@code gov.nist.javax.sip.NETWORK_LAYER}):
 * our SSLContext with the configured versions and suites, and every TLS client connection
 * leaving from the persistent local port (SipEp.TransportPersistentBasePort). The listening
 * socket on that port and the client sockets share it through SO_REUSEPORT: a server then
 * reaches the unit over the very connection it registered on, since the Contact names that
 * port. Every SIP connection, opened or accepted, has TCP_NODELAY; accepted TLS connections pass
 * the unit's {@link InboundConnections} limits, and every TLS connection, accepted or opened, is
 * read through a {@link SipStreamScreen}. Certificate decisions are the trust manager's, never this class's.
 */
public final class UnitNetworkLayer implements NetworkLayer {

    private static final int CONNECT_TIMEOUT_MILLIS = 4000;

    private TlsEndpoint endpoint;

    @Override
    public void setSipStack(SipStackImpl sipStack) {
        endpoint = TlsEndpoint.forStack(sipStack.getStackName()).orElse(null);
    }

    private TlsEndpoint endpoint() throws IOException {
        if (endpoint == null) {
            throw new IOException("TLS is not configured on this SIP stack");
        }
        return endpoint;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(bindAddress, port), backlog);
        return socket;
    }

    /**
     * JAIN-SIP's way to a TLS listening socket, with an accept thread per socket; the unit's own
     * listening points bind through {@link #openTlsListener} instead ({@link TlsConnectionProcessor}).
     */
    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        TlsEndpoint tls = endpoint();
        SSLServerSocket socket = (SSLServerSocket) tls.context.getServerSocketFactory().createServerSocket();
        socket.setReuseAddress(true);
        if (port == tls.persistentPort) {
            socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        socket.bind(new InetSocketAddress(bindAddress, port), backlog);
        socket.setEnabledProtocols(tls.policy.protocolArray());
        socket.setEnabledCipherSuites(tls.policy.cipherSuiteArray());
        socket.setNeedClientAuth(tls.needClientAuth);
        InboundConnections inbound = tls.inbound;
        return inbound == null ? socket : new GuardedSslServerSocket(socket, inbound);
    }

    /**
     * The listening socket of a TLS listening point, as a non-blocking channel for the
     * {@link SharedAcceptor}: bound like {@link #createSSLServerSocket} binds (SO_REUSEPORT on the
     * persistent port); TLS starts on each connection it accepts ({@link #acceptedTls}).
     */
    java.nio.channels.ServerSocketChannel openTlsListener(int port, InetAddress bindAddress) throws IOException {
        TlsEndpoint tls = endpoint();
        java.nio.channels.ServerSocketChannel channel = java.nio.channels.ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (port == tls.persistentPort) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.bind(new InetSocketAddress(bindAddress, port));
            channel.configureBlocking(false);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /**
     * The TLS server side of a connection a listening point accepted: the unit's SSLContext,
     * versions, suites and client authentication, as on {@link #createSSLServerSocket}'s
     * sockets, held to the {@link InboundConnections} limits. Null when the limits closed it.
     * The handshake is the caller's reader's to run.
     */
    Socket acceptedTls(Socket accepted) throws IOException {
        TlsEndpoint tls = endpoint();
        SSLSocket socket = (SSLSocket) tls.context.getSocketFactory().createSocket(accepted, null, true);
        socket.setUseClientMode(false);
        socket.setEnabledProtocols(tls.policy.protocolArray());
        socket.setEnabledCipherSuites(tls.policy.cipherSuiteArray());
        socket.setNeedClientAuth(tls.needClientAuth);
        InboundConnections inbound = tls.inbound;
        return inbound == null ? socket : inbound.admit(socket);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return createSocket(address, port, null, 0);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return createSocket(address, port, myAddress, 0);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.bind(new InetSocketAddress(myAddress, myPort));
        socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
        return socket;
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return createSSLSocket(address, port, null);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        TlsEndpoint tls = endpoint();
        InetSocketAddress remote = new InetSocketAddress(address, port);
        if (!tls.mayConnect(remote)) {
            // JAIN-SIP asks for this when a response's connection is gone and it falls back to the
            // Via's sent-by: the unit does not reflect traffic to addresses a peer names.
            throw new IOException("no connection opened to " + address.getHostAddress() + ":" + port
                    + ": neither a configured server nor the next hop of one of the unit's requests (RFC 3261 18.2.2)");
        }
        tls.connecting(remote);
        ActivitySocket plain = new ActivitySocket();
        try {
            plain.setReuseAddress(true);
            plain.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            // A SIP message is written whole: Nagle's algorithm would only hold it behind the peer's delayed ACK.
            plain.setTcpNoDelay(true);
            plain.bind(new InetSocketAddress(myAddress != null ? myAddress : tls.localAddress, tls.persistentPort));
            plain.connect(remote, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            plain.close();
            tls.failed(remote, describe(e, remote));
            throw e;
        }
        String host = tls.serverName(remote);
        SSLSocket socket = (SSLSocket) tls.context.getSocketFactory().createSocket(plain, host, port, true);
        // The identity the certificate must show travels with the socket (issue 13), not via getPeerHost().
        SocketServerIdentity.attach(socket, tls.expectedServer(host));
        socket.setUseClientMode(true);
        socket.setEnabledProtocols(tls.policy.protocolArray());
        socket.setEnabledCipherSuites(tls.policy.cipherSuiteArray());
        // What the server sends over the link is screened like what a peer sends to the TLS
        // servers (size limit, framing, version): the server is authenticated, not trusted
        // with the unit's memory. JAIN-SIP and the unit's bookkeeping see only the screened socket.
        InboundConnections limits = tls.inbound;
        SSLSocket link = limits == null ? socket : new ScreenedSslSocket(socket, limits, false);
        // JAIN-SIP runs the handshake itself (IOHandler.sendBytes); we learn its outcome here
        // or, for certificate rejections, from the trust manager.
        link.addHandshakeCompletedListener(event -> tls.established(remote, link));
        tls.created(remote, link, plain);
        return link;
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        if (endpoint != null) {
            // JAIN-SIP would send an answer by UDP to a request whose Via says UDP, even on a TLS connection.
            throw new SocketException("a TLS unit sends no SIP over UDP");
        }
        return new DatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress laddr) throws SocketException {
        return new DatagramSocket(port, laddr);
    }

    static String describe(Throwable e, InetSocketAddress remote) {
        String where = remote.getAddress().getHostAddress() + ":" + remote.getPort();
        if (e instanceof ConnectException) {
            return "connection refused by " + where;
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer from " + where + " (connect timeout)";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to " + where;
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS handshake with " + where + " failed: " + e.getMessage();
        }
        return "cannot connect to " + where + ": " + e;
    }
}
