package org.secureta.srtp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.secureta.srtp.crypto.TestPackets.hex;
import static org.secureta.srtp.crypto.TestPackets.keys;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * Known answers from libsrtp2 2.5.0 (Debian libsrtp2-dev), printed by
 * {@code srtp-ta/bench/libsrtp_bench vectors} for the packets of {@link TestPackets} under the RFC 3711
 * B.3 master key: a second independent implementation, and the only one here that does
 * NULL_HMAC_SHA1_80 (jitsi-srtp cannot).
 */
class LibsrtpVectorsTest {

    private static final int SSRC = 0x5EC0_0001;

    private static final String AES_SRTP = "80000001000000A05EC00001F77BFB03A9BC29D88A553FD3065ABF55CC80664356756F197F4545E32E"
            + "7F8D9E41C6B97D289E4719E76DF24219E786CD686DEDF97B6A6FF5563E0503A38561C862F310D4686F49002B4A61EC2DB1010F07A4888"
            + "DD3E05C1777ADB6EE721AFDE302B36B764D02FA706593D68498BF7DEA5E877E582680E803E046A07A350569B6BF6BC96F46CD44E3BC4"
            + "A04CD846D9314FEE87B8123C57B338DA37C32FFA6E7C8B3B4F223AC2F707A15B6";
    private static final String AES_SRTCP = "81C900075EC00001CECB72AA9C310831BE6D8C832C136CC9D5384A12E1A8E13F800000013F6D4B3"
            + "19236F4309667";
    private static final String NULL_SRTP = "80000001000000A05EC00001000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C"
            + "1D1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F404142434445464748494A4B4C4D4E4F505152"
            + "535455565758595A5B5C5D5E5F606162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F808182838485868788"
            + "898A8B8C8D8E8F909192939495969798999A9B9C9D9E9F85A182A2A26EFD05C37C";
    private static final String NULL_SRTCP = "81C900075EC00001A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF00000001FC59155"
            + "91FE4DFF57B3D";

    private static byte[] ourSrtp(SrtpProfile profile) {
        byte[] packet = TestPackets.rtp(1, SSRC, TestPackets.payload(0));
        int length = SrtpContext.forSending(keys(profile)).protect(packet, 0, 172);
        return Arrays.copyOf(packet, length);
    }

    /** libsrtp numbers its first SRTCP packet 1 where RFC 3711 3.4 says 0: compare our second. */
    private static byte[] ourSecondSrtcp(SrtpProfile profile) {
        SrtcpContext sender = SrtcpContext.forSending(keys(profile));
        sender.protect(TestPackets.rtcp(SSRC), 0, 32);
        byte[] packet = TestPackets.rtcp(SSRC);
        int length = sender.protect(packet, 0, 32);
        return Arrays.copyOf(packet, length);
    }

    @Test
    void aes_cm_srtp_matches_libsrtp_byte_for_byte() {
        assertEquals(AES_SRTP, TestPackets.hex(ourSrtp(SrtpProfile.AES_CM_128_HMAC_SHA1_80), 0, 182));
    }

    @Test
    void aes_cm_srtcp_matches_libsrtp_byte_for_byte() {
        assertEquals(AES_SRTCP, TestPackets.hex(ourSecondSrtcp(SrtpProfile.AES_CM_128_HMAC_SHA1_80), 0, 46));
    }

    @Test
    void null_hmac_srtp_matches_libsrtp_byte_for_byte() {
        assertEquals(NULL_SRTP, TestPackets.hex(ourSrtp(SrtpProfile.NULL_HMAC_SHA1_80), 0, 182));
    }

    @Test
    void null_hmac_srtcp_matches_libsrtp_byte_for_byte() {
        assertEquals(NULL_SRTCP, TestPackets.hex(ourSecondSrtcp(SrtpProfile.NULL_HMAC_SHA1_80), 0, 46));
    }

    @Test
    void we_unprotect_libsrtps_null_hmac_packets() {
        byte[] srtp = hex(NULL_SRTP);
        assertEquals(172, SrtpContext.forReceiving(keys(SrtpProfile.NULL_HMAC_SHA1_80)).unprotect(srtp, 0, srtp.length));
        byte[] srtcp = hex(NULL_SRTCP);
        assertEquals(32, SrtcpContext.forReceiving(keys(SrtpProfile.NULL_HMAC_SHA1_80)).unprotect(srtcp, 0, srtcp.length));
        assertArrayEquals(Arrays.copyOf(TestPackets.rtcp(SSRC), 32), Arrays.copyOf(srtcp, 32));
    }
}
