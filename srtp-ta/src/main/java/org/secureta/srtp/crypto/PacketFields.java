package org.secureta.srtp.crypto;

/** Reads the RTP and RTCP header fields SRTP needs (RFC 3550 5.1, 6.4), refusing what does not fit. */
final class PacketFields {

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
        return (p[at] & 0xFF) << 8 | p[at + 1] & 0xFF;
    }

    static int readInt(byte[] p, int at) {
        return (p[at] & 0xFF) << 24 | (p[at + 1] & 0xFF) << 16 | (p[at + 2] & 0xFF) << 8 | p[at + 3] & 0xFF;
    }

    static void writeInt(byte[] p, int at, int value) {
        p[at] = (byte) (value >>> 24);
        p[at + 1] = (byte) (value >>> 16);
        p[at + 2] = (byte) (value >>> 8);
        p[at + 3] = (byte) value;
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
