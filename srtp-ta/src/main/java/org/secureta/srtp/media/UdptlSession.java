package org.secureta.srtp.media;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

/**
 * A T.38 fax stream over UDPTL (T.38 annex A). The unit never encrypts T.38 (guide section 2):
 * packets go in the clear, which is why a secure call accepts T.38 only with
 * Mipt.AllowUnsecureT38WithSrtp. This emulation sends T.30 "no signal" indicator packets and
 * counts what arrives; it relays no fax.
 */
public final class UdptlSession implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(UdptlSession.class.getName());

    private final DatagramSocket socket;
    private final Thread receiver;
    private volatile InetSocketAddress remote;
    private volatile long sent;
    private volatile long received;
    private volatile boolean closed;
    private int sequence;

    private UdptlSession(DatagramSocket socket, String name) {
        this.socket = socket;
        this.receiver = new Thread(this::receive, "udptl-" + name);
        receiver.setDaemon(true);
        receiver.start();
    }

    public static UdptlSession open(String name, InetAddress local) throws SocketException {
        return new UdptlSession(MediaPorts.bindAny(local), name);
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    public void peer(InetSocketAddress peer) {
        this.remote = peer;
    }

    /**
     * Sends {@code count} UDPTL packets, each: sequence number, primary IFP packet (length 1:
     * T30_INDICATOR "no-signal", T.38 annex A ASN.1 PER), and an empty redundancy secondary list.
     */
    public synchronized void sendIndicators(int count) throws IOException {
        if (remote == null) {
            throw new IllegalStateException("T.38 peer unknown");
        }
        byte[] b = new byte[6];
        DatagramPacket packet = new DatagramPacket(b, b.length, remote);
        for (int i = 0; i < count; i++) {
            b[0] = (byte) (sequence >>> 8);
            b[1] = (byte) sequence;
            sequence = (sequence + 1) & 0xffff;
            b[2] = 1;     // primary IFP length
            b[3] = 0x00;  // t30-indicator, no-signal
            b[4] = 0x00;  // error-recovery: secondary IFP packets
            b[5] = 0x00;  // none
            socket.send(packet);
            sent++;
        }
    }

    public long sent() {
        return sent;
    }

    public long received() {
        return received;
    }

    private void receive() {
        byte[] b = new byte[1500];
        DatagramPacket packet = new DatagramPacket(b, b.length);
        while (!closed) {
            try {
                packet.setLength(b.length);
                socket.receive(packet);
                if (packet.getLength() >= 3) {
                    received++;
                }
            } catch (SocketException closing) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "UDPTL receive failed: {0}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
