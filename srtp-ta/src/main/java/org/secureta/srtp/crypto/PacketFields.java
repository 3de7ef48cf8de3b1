package org.secureta.srtp.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reads the RTP and RTCP header fields SRTP needs (RFC 3550 5.1, 6.4), refusing what does not fit. */
final class PacketFields {

    /**
     * Network byte order (RFC 3550 appendix: big-endian) in one load or store of 2 or 4 bytes,
     * where byte-by-byte assembly costs a load, shift and OR per byte on every packet.
     */
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    static final int RTP_FIXED_HEADER = 12;
    /** RTCP header up to and including the sender's SSRC: SRTCP encrypts what follows (RFC 3711 3.4). */
    static final int RTCP_FIXED_HEADER = 8;
    /** The largest packet UDP can carry: anything longer is not a packet. */
    static final int MAX_PACKET_LENGTH = 65_535;

    private PacketFields() {
    }

    /**
     * Length of the RTP header (fixed part, CSRC list, header extension) of the packet in
     * {@code p[offset, offset + length)}, or -1 when it is not version 2 or the header does not fit.
     */
    static int rtpHeaderLength(byte[] p, int offset, int length) {
        if (length < RTP_FIXED_HEADER || length > MAX_PACKET_LENGTH || (p[offset] & 0xC0) != 0x80) {
            return -1;
        }
        int headerLength = RTP_FIXED_HEADER + 4 * (p[offset] & 0x0F);
        if ((p[offset] & 0x10) != 0) {
            if (headerLength + 4 > length) {
                return -1;
            }
            headerLength += 4 + 4 * unsignedShort(p, offset + headerLength + 2);
        }
        return headerLength <= length ? headerLength : -1;
    }

    /** Whether {@code p[offset, offset + length)} can be an RTCP packet: version 2 and a sender SSRC. */
    static boolean isRtcp(byte[] p, int offset, int length) {
        return length >= RTCP_FIXED_HEADER && length <= MAX_PACKET_LENGTH && (p[offset] & 0xC0) == 0x80;
    }

    static int unsignedShort(byte[] p, int at) {
        return (short) SHORTS.get(p, at) & 0xFFFF;
    }

    static int readInt(byte[] p, int at) {
        return (int) INTS.get(p, at);
    }

    static void writeInt(byte[] p, int at, int value) {
        INTS.set(p, at, value);
    }

    static boolean regionEquals(byte[] p, int at, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (p[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
