package org.secureta.srtp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.secureta.srtp.crypto.TestPackets.hex;
import static org.secureta.srtp.crypto.TestPackets.keys;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.secureta.srtp.keymgmt.SrtpKeys;
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

    /** libsrtp's {@code srtp_protect_mki}: rtp(1) under key 1 (MKI 00000001), rtp(2) under key 2 (MKI 00000002). */
    private static final String MKI1_SRTP = "80000001000000A05EC00001F77BFB03A9BC29D88A553FD3065ABF55CC80664356756F197F4545E32E"
            + "7F8D9E41C6B97D289E4719E76DF24219E786CD686DEDF97B6A6FF5563E0503A38561C862F310D4686F49002B4A61EC2DB1010F07A4888"
            + "DD3E05C1777ADB6EE721AFDE302B36B764D02FA706593D68498BF7DEA5E877E582680E803E046A07A350569B6BF6BC96F46CD44E3BC4"
            + "A04CD846D9314FEE87B8123C57B338DA37C32FFA6E7C800000001B3B4F223AC2F707A15B6";
    private static final String MKI2_SRTP = "80000002000001405EC00001AA3C3E8412E01CA702EBAB55CAFA3255DEA94A706BAD28BCE408DC1E"
            + "10FED06E20A5DB820A78E25F386C804AF7A21C43CADC23BF1C4D3E83A7C99DA1014AAD0639CFDA420B2E0EE67914F44827031283C1296"
            + "A1B64EFDB4165B7EE8610F5DB692B10B05A1D54AF61720481734F1E19398D9639493A8EB3F2A84FB8D53F97461F0B31C59A9C4B218911"
            + "365ED8D504988BDE182D0F9543E3E8273FBE29BD9926B60000000248287C17896EB066628A";
    /** libsrtp's {@code srtp_protect_rtcp_mki} of rtcp() under key 2, its first SRTCP packet (index 1). */
    private static final String MKI2_SRTCP = "81C900075EC00001AFEBF1ED3D1A2FA2C74CF7C35F7C508728BCBFDA36B5CAE880000001000000"
            + "021166D5E431A5C4300D75";

    private static SrtpKeys keyWithMki(int which) {
        SrtpKeys base = which == 1 ? keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80) : TestPackets.otherKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        return new SrtpKeys(base.profile(), base.masterKey(), base.masterSalt(), new byte[] {0, 0, 0, (byte) which});
    }

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

    @Test
    void with_an_mki_our_packets_match_libsrtps_byte_for_byte_the_mki_between_payload_and_tag() {
        byte[] first = TestPackets.rtp(1, SSRC, TestPackets.payload(0));
        int length = SrtpContext.forSending(keyWithMki(1)).protect(first, 0, 172);
        assertEquals(MKI1_SRTP, TestPackets.hex(first, 0, length));
        byte[] second = TestPackets.rtp(2, SSRC, TestPackets.payload(0));
        length = SrtpContext.forSending(keyWithMki(2)).protect(second, 0, 172);
        assertEquals(MKI2_SRTP, TestPackets.hex(second, 0, length));

        SrtcpContext rtcp = SrtcpContext.forSending(keyWithMki(2));
        rtcp.protect(TestPackets.rtcp(SSRC), 0, 32);
        byte[] report = TestPackets.rtcp(SSRC);
        length = rtcp.protect(report, 0, 32);
        assertEquals(MKI2_SRTCP, TestPackets.hex(report, 0, length));
    }

    @Test
    void one_receiving_context_with_two_keys_takes_libsrtps_packets_under_either_by_mki() {
        SrtpContext receiver = SrtpContext.forReceiving(List.of(keyWithMki(1), keyWithMki(2)));
        byte[] first = hex(MKI1_SRTP);
        assertEquals(172, receiver.unprotect(first, 0, first.length));
        byte[] second = hex(MKI2_SRTP);
        assertEquals(172, receiver.unprotect(second, 0, second.length));
        assertArrayEquals(Arrays.copyOf(TestPackets.rtp(2, SSRC, TestPackets.payload(0)), 172), Arrays.copyOf(second, 172));

        SrtcpContext rtcpReceiver = SrtcpContext.forReceiving(List.of(keyWithMki(1), keyWithMki(2)));
        byte[] report = hex(MKI2_SRTCP);
        assertEquals(32, rtcpReceiver.unprotect(report, 0, report.length));
        assertArrayEquals(Arrays.copyOf(TestPackets.rtcp(SSRC), 32), Arrays.copyOf(report, 32));
    }

    @Test
    void a_packet_with_an_mki_of_no_known_key_is_counted_and_dropped_untouched() {
        SrtpContext receiver = SrtpContext.forReceiving(List.of(keyWithMki(1), keyWithMki(2)));
        byte[] unknown = hex(MKI2_SRTP);
        unknown[172 + 3] = 3;
        byte[] before = unknown.clone();
        assertEquals(SrtpFailure.UNKNOWN_MKI.code(), receiver.unprotect(unknown, 0, unknown.length));
        assertArrayEquals(before, unknown);
        assertEquals(1, receiver.counters().otherFailures());
        assertEquals(0, receiver.streamCount(), "an unauthenticated packet opens no stream");
    }

    @Test
    void the_keys_of_one_context_need_distinct_mkis_of_one_length() {
        SrtpKeys plain = keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        SrtpKeys shortMki = new SrtpKeys(plain.profile(), plain.masterKey(), plain.masterSalt(), new byte[] {2});
        assertEquals("master key 2 of 2 has no MKI: several keys need one each (RFC 4568 6.1)",
                assertThrows(IllegalArgumentException.class, () -> SrtpContext.forReceiving(List.of(keyWithMki(1), plain))).getMessage());
        assertEquals("master key 2 has a 1-byte MKI, key 1 a 4-byte one: the MKIs of one context have one length (RFC 3711 3.1)",
                assertThrows(IllegalArgumentException.class, () -> SrtpContext.forReceiving(List.of(keyWithMki(1), shortMki))).getMessage());
        assertEquals("master keys 1 and 2 have the same MKI 00000001",
                assertThrows(IllegalArgumentException.class, () -> SrtcpContext.forReceiving(List.of(keyWithMki(1), keyWithMki(1)))).getMessage());
    }
}
