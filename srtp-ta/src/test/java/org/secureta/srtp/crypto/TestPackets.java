package org.secureta.srtp.crypto;

import java.util.Arrays;
import java.util.HexFormat;

import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/** RTP/RTCP packets and keys for the tests, built field by field (RFC 3550 5.1, 6.4.1). */
final class TestPackets {

    /** Room left after every packet for the MKI and tag. */
    static final int SPARE = 64;

    private TestPackets() {
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes, int offset, int length) {
        return HexFormat.of().withUpperCase().formatHex(bytes, offset, offset + length);
    }

    static SrtpKeys keys(SrtpProfile profile) {
        return keys(profile, new byte[0]);
    }

    static SrtpKeys keys(SrtpProfile profile, byte[] mki) {
        return new SrtpKeys(profile, hex("E1F97A0D3E018BE0D64FA32C06DE4139"), hex("0EC675AD498AFEEBB6960B3AABE6"), mki);
    }

    static SrtpKeys otherKeys(SrtpProfile profile) {
        byte[] key = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
        key[0] ^= 1;
        return new SrtpKeys(profile, key, hex("0EC675AD498AFEEBB6960B3AABE6"), new byte[0]);
    }

    /** A recognisable 160-byte payload (an RTP packet of 20 ms of G.711). */
    static byte[] payload(int seed) {
        byte[] payload = new byte[160];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (seed * 31 + i);
        }
        return payload;
    }

    /** An RTP packet (V=2, PT 0) in an array with {@link #SPARE} bytes after it. */
    static byte[] rtp(int seq, int ssrc, byte[] payload) {
        byte[] packet = new byte[12 + payload.length + SPARE];
        packet[0] = (byte) 0x80;
        packet[1] = 0;
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        int timestamp = seq * 160;
        PacketFields.writeInt(packet, 4, timestamp);
        PacketFields.writeInt(packet, 8, ssrc);
        System.arraycopy(payload, 0, packet, 12, payload.length);
        return packet;
    }

    /** An RTCP receiver report with one report block and a sender SSRC, {@link #SPARE} bytes after it. */
    static byte[] rtcp(int ssrc) {
        byte[] packet = new byte[32 + SPARE];
        packet[0] = (byte) 0x81; // V=2, RC=1
        packet[1] = (byte) 201; // RR
        packet[3] = 7; // length in 32-bit words minus one
        PacketFields.writeInt(packet, 4, ssrc);
        for (int i = 8; i < 32; i++) {
            packet[i] = (byte) (0xA0 + i);
        }
        return packet;
    }

    static int rtpLength(byte[] payload) {
        return 12 + payload.length;
    }

    static byte[] slice(byte[] packet, int length) {
        return Arrays.copyOf(packet, length);
    }
}
