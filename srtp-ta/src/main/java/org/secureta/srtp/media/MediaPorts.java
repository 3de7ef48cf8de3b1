package org.secureta.srtp.media;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.DatagramChannel;
import java.util.List;

/**
 * Binds a call's RTP and RTCP sockets: an even port and the next one (RFC 3550 11), the first free
 * pair from Mipt.IpTransportSrtpBasePort upward, or any free pair when the base is 0.
 */
public final class MediaPorts {

    private static final int ATTEMPTS_ANY = 64;

    private MediaPorts() {
    }

    /** The pair of sockets, RTP first. */
    public static DatagramSocket[] bindPair(InetAddress address, int basePort) throws IOException {
        return bindPair(address, basePort, SOCKETS).toArray(new DatagramSocket[0]);
    }

    /**
     * As {@link #bindPair}, as datagram channels (the native engine receives every session's packets on one
     * selector thread, {@link MediaReceiver}).
     */
    public static DatagramChannel[] bindChannelPair(InetAddress address, int basePort) throws IOException {
        return bindPair(address, basePort, CHANNELS).toArray(new DatagramChannel[0]);
    }

    /** How one kind of UDP endpoint is bound (port 0: any free one; an exception when the port is taken) and read. */
    private interface Binder<S extends Closeable> {
        S bind(InetAddress address, int port) throws IOException;

        int port(S endpoint);
    }

    private static final Binder<DatagramSocket> SOCKETS = new Binder<>() {
        @Override
        public DatagramSocket bind(InetAddress address, int port) throws IOException {
            return new DatagramSocket(new InetSocketAddress(address, port));
        }

        @Override
        public int port(DatagramSocket socket) {
            return socket.getLocalPort();
        }
    };

    private static final Binder<DatagramChannel> CHANNELS = new Binder<>() {
        @Override
        public DatagramChannel bind(InetAddress address, int port) throws IOException {
            DatagramChannel channel = DatagramChannel.open();
            try {
                return channel.bind(new InetSocketAddress(address, port));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }

        @Override
        public int port(DatagramChannel channel) {
            return channel.socket().getLocalPort();
        }
    };

    /** The search both kinds share: an even port and the next one, from the base upward or anywhere with 0. */
    private static <S extends Closeable> List<S> bindPair(InetAddress address, int basePort, Binder<S> binder) throws IOException {
        if (basePort < 0 || basePort > 65534) {
            throw new IllegalArgumentException("srtpBasePort must be 0..65534, not " + basePort);
        }
        if (basePort == 0) {
            for (int attempt = 0; attempt < ATTEMPTS_ANY; attempt++) {
                S rtp = binder.bind(address, 0);
                int port = binder.port(rtp);
                if (port % 2 == 0 && port < 65535) {
                    S rtcp = tryBind(binder, address, port + 1);
                    if (rtcp != null) {
                        return List.of(rtp, rtcp);
                    }
                }
                rtp.close();
            }
            throw new BindException("no free even/odd UDP port pair on " + address.getHostAddress() + " after " + ATTEMPTS_ANY + " attempts");
        }
        for (int port = basePort + (basePort % 2); port < 65535; port += 2) {
            S rtp = tryBind(binder, address, port);
            if (rtp == null) {
                continue;
            }
            S rtcp = tryBind(binder, address, port + 1);
            if (rtcp != null) {
                return List.of(rtp, rtcp);
            }
            rtp.close();
        }
        throw new BindException("no free UDP port pair on " + address.getHostAddress() + " from srtpBasePort " + basePort + " upward");
    }

    private static <S extends Closeable> S tryBind(Binder<S> binder, InetAddress address, int port) {
        try {
            return binder.bind(address, port);
        } catch (IOException busy) {
            return null;
        }
    }

    /** A socket on any free port, for T.38 (UDPTL). */
    public static DatagramSocket bindAny(InetAddress address) throws SocketException {
        return new DatagramSocket(new InetSocketAddress(address, 0));
    }

}
