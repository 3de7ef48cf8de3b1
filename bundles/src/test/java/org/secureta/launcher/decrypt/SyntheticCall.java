package org.secureta.launcher.decrypt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.secureta.srtp.crypto.SrtpContext;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.media.G711;
import org.secureta.srtp.media.ToneGenerator;

/**
 * A one-way SRTP stream of a PCMU tone, framed for a given link type and written as classic pcap:
 * what a capture of a call holds, made with srtp-ta's sending context so the test knows the tone.
 */
final class SyntheticCall {

    static final int SAMPLES = 160;
    static final int SRC_PORT = 40000;
    static final int DST_PORT = 40002;

    final List<byte[]> frames = new ArrayList<>();
    final List<byte[]> plainRtp = new ArrayList<>();

    SyntheticCall(int linkType, SrtpKeys keys, int ssrc, double frequency, int packets, int firstSequence) {
        SrtpContext sender = SrtpContext.forSending(keys);
        ToneGenerator tone = new ToneGenerator(frequency, 8000);
        short[] samples = new short[SAMPLES];
        for (int i = 0; i < packets; i++) {
            tone.next(samples);
            byte[] rtp = new byte[12 + SAMPLES + sender.overhead()];
            int seq = (firstSequence + i) & 0xFFFF;
            ByteBuffer.wrap(rtp).put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(i * SAMPLES).putInt(ssrc);
            G711.PCMU.encode(samples, SAMPLES, rtp, 12);
            plainRtp.add(java.util.Arrays.copyOf(rtp, 12 + SAMPLES));
            int length = sender.protect(rtp, 0, 12 + SAMPLES);
            if (length < 0) {
                throw new IllegalStateException("protect failed: " + length);
            }
            frames.add(frame(linkType, java.util.Arrays.copyOf(rtp, length)));
        }
    }

    /** An IPv4/UDP datagram 127.0.0.1:40000 -> 127.0.0.1:40002 behind the link header of {@code linkType}. */
    static byte[] frame(int linkType, byte[] payload) {
        ByteBuffer ip = ByteBuffer.allocate(20 + 8 + payload.length);
        ip.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length)).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
        ip.putShort((short) SRC_PORT).putShort((short) DST_PORT).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        byte[] packet = ip.array();
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        switch (linkType) {
            case UdpDatagram.ETHERNET -> {
                f.writeBytes(new byte[12]);
                f.writeBytes(new byte[] {0x08, 0x00});
            }
            case UdpDatagram.LINUX_SLL -> {
                f.writeBytes(new byte[] {0, 0, 3, 4, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0});
                f.writeBytes(new byte[] {0x08, 0x00});
            }
            case UdpDatagram.LINUX_SLL2 -> {
                f.writeBytes(new byte[] {0x08, 0x00, 0, 0, 0, 0, 0, 1, 3, 4, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0});
            }
            case UdpDatagram.NULL -> f.writeBytes(new byte[] {2, 0, 0, 0});
            case UdpDatagram.RAW -> {
            }
            default -> throw new IllegalArgumentException("link type " + linkType);
        }
        f.writeBytes(packet);
        return f.toByteArray();
    }

    /** Classic pcap, little-endian, microseconds: 20 ms between packets. */
    static byte[] pcap(int linkType, List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(linkType);
        out.writeBytes(h.array());
        long t = 1_700_000_000_000_000L;
        for (byte[] frame : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt((int) (t / 1_000_000)).putInt((int) (t % 1_000_000)).putInt(frame.length).putInt(frame.length);
            out.writeBytes(r.array());
            out.writeBytes(frame);
            t += 20_000;
        }
        return out.toByteArray();
    }
}
