package org.secureta.srtp.media;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.DatagramChannel;

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
        if (basePort < 0 || basePort > 65534) {
            throw new IllegalArgumentException("srtpBasePort must be 0..65534, not " + basePort);
        }
        if (basePort == 0) {
            for (int attempt = 0; attempt < ATTEMPTS_ANY; attempt++) {
                DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(address, 0));
                int port = rtp.getLocalPort();
                if (port % 2 == 0 && port < 65535) {
                    DatagramSocket rtcp = tryBind(address, port + 1);
                    if (rtcp != null) {
                        return new DatagramSocket[] {rtp, rtcp};
                    }
                }
                rtp.close();
            }
            throw new BindException("no free even/odd UDP port pair on " + address.getHostAddress() + " after " + ATTEMPTS_ANY + " attempts");
        }
        for (int port = basePort + (basePort % 2); port < 65535; port += 2) {
            DatagramSocket rtp = tryBind(address, port);
            if (rtp == null) {
                continue;
            }
            DatagramSocket rtcp = tryBind(address, port + 1);
            if (rtcp != null) {
                return new DatagramSocket[] {rtp, rtcp};
            }
            rtp.close();
        }
        throw new BindException("no free UDP port pair on " + address.getHostAddress() + " from srtpBasePort " + basePort + " upward");
    }

    /**
     * As {@link #bindPair}, as datagram channels (the native engine receives every session's packets on one
     * selector thread, {@link MediaReceiver}).
     */
    public static DatagramChannel[] bindChannelPair(InetAddress address, int basePort) throws IOException {
        if (basePort < 0 || basePort > 65534) {
            throw new IllegalArgumentException("srtpBasePort must be 0..65534, not " + basePort);
        }
        if (basePort == 0) {
            for (int attempt = 0; attempt < ATTEMPTS_ANY; attempt++) {
                DatagramChannel rtp = DatagramChannel.open().bind(new InetSocketAddress(address, 0));
                int port = rtp.socket().getLocalPort();
                if (port % 2 == 0 && port < 65535) {
                    DatagramChannel rtcp = tryBindChannel(address, port + 1);
                    if (rtcp != null) {
                        return new DatagramChannel[] {rtp, rtcp};
                    }
                }
                rtp.close();
            }
            throw new BindException("no free even/odd UDP port pair on " + address.getHostAddress() + " after " + ATTEMPTS_ANY + " attempts");
        }
        for (int port = basePort + (basePort % 2); port < 65535; port += 2) {
            DatagramChannel rtp = tryBindChannel(address, port);
            if (rtp == null) {
                continue;
            }
            DatagramChannel rtcp = tryBindChannel(address, port + 1);
            if (rtcp != null) {
                return new DatagramChannel[] {rtp, rtcp};
            }
            rtp.close();
        }
        throw new BindException("no free UDP port pair on " + address.getHostAddress() + " from srtpBasePort " + basePort + " upward");
    }

    private static DatagramChannel tryBindChannel(InetAddress address, int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            return channel.bind(new InetSocketAddress(address, port));
        } catch (IOException busy) {
            channel.close();
            return null;
        }
    }

    /** A socket on any free port, for T.38 (UDPTL). */
    public static DatagramSocket bindAny(InetAddress address) throws SocketException {
        return new DatagramSocket(new InetSocketAddress(address, 0));
    }

    private static DatagramSocket tryBind(InetAddress address, int port) {
        try {
            return new DatagramSocket(new InetSocketAddress(address, port));
        } catch (SocketException busy) {
            return null;
        }
    }
}
