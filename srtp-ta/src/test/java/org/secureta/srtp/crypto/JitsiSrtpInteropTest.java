package org.secureta.srtp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.secureta.srtp.crypto.TestPackets.keys;
import static org.secureta.srtp.crypto.TestPackets.payload;
import static org.secureta.srtp.crypto.TestPackets.rtp;

import java.util.Arrays;

import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * Our engine against jitsi-srtp, an independent implementation: what one protects, the other
 * unprotects, across a sequence-number wrap so that the rollover counter is exercised on both sides.
 */
class JitsiSrtpInteropTest {

    private static final int SSRC = 0x5EC0_0001;
    /** From before to after a wrap of the sequence number (ROC 0 to 1). */
    private static final int FIRST_SEQ = 65500;
    private static final int PACKETS = 80;

    private static byte[] rtpPacket(int seq) {
        return Arrays.copyOf(rtp(seq & 0xFFFF, SSRC, payload(seq)), 172);
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"})
    void jitsi_srtp_unprotects_what_we_protect(SrtpProfile profile) throws Exception {
        SrtpKeys keys = keys(profile);
        SrtpContext ours = SrtpContext.forSending(keys);
        JitsiSrtp theirs = JitsiSrtp.receiver(keys, SSRC);
        for (int seq = FIRST_SEQ; seq < FIRST_SEQ + PACKETS; seq++) {
            byte[] buffer = Arrays.copyOf(rtpPacket(seq), 172 + ours.overhead());
            int length = ours.protect(buffer, 0, 172);
            Object result = theirs.unprotectRtp(Arrays.copyOf(buffer, length));
            assertArrayEquals(rtpPacket(seq), assertInstanceOf(byte[].class, result, "seq " + seq), "seq " + seq);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"})
    void we_unprotect_what_jitsi_srtp_protects(SrtpProfile profile) throws Exception {
        SrtpKeys keys = keys(profile);
        JitsiSrtp theirs = JitsiSrtp.sender(keys, SSRC);
        SrtpContext ours = SrtpContext.forReceiving(keys);
        for (int seq = FIRST_SEQ; seq < FIRST_SEQ + PACKETS; seq++) {
            byte[] srtp = theirs.protectRtp(rtpPacket(seq));
            assertEquals(172 + profile.authTagLength(), srtp.length);
            assertEquals(172, ours.unprotect(srtp, 0, srtp.length), "seq " + seq);
            assertArrayEquals(rtpPacket(seq), Arrays.copyOf(srtp, 172), "seq " + seq);
        }
    }

    @Test
    void both_produce_the_same_bytes_for_the_same_packet() throws Exception {
        SrtpKeys keys = keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        SrtpContext ours = SrtpContext.forSending(keys);
        JitsiSrtp theirs = JitsiSrtp.sender(keys, SSRC);
        byte[] buffer = Arrays.copyOf(rtpPacket(1), 182);
        assertEquals(182, ours.protect(buffer, 0, 172));
        assertArrayEquals(theirs.protectRtp(rtpPacket(1)), buffer);
    }

    @Test
    void jitsi_srtp_refuses_a_packet_of_ours_with_a_changed_payload() throws Exception {
        SrtpKeys keys = keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] buffer = Arrays.copyOf(rtpPacket(1), 182);
        SrtpContext.forSending(keys).protect(buffer, 0, 172);
        buffer[40] ^= 1;
        assertEquals(SrtpErrorStatus.AUTH_FAIL, JitsiSrtp.receiver(keys, SSRC).unprotectRtp(buffer));
    }

    @Test
    void srtcp_interoperates_both_ways() throws Exception {
        SrtpKeys keys = keys(SrtpProfile.AES_CM_128_HMAC_SHA1_32);
        byte[] rtcp = Arrays.copyOf(TestPackets.rtcp(SSRC), 32);

        SrtcpContext ourSender = SrtcpContext.forSending(keys);
        JitsiSrtp theirReceiver = JitsiSrtp.receiver(keys, SSRC);
        SrtcpContext ourReceiver = SrtcpContext.forReceiving(keys);
        JitsiSrtp theirSender = JitsiSrtp.sender(keys, SSRC);
        for (int i = 0; i < 5; i++) {
            byte[] buffer = Arrays.copyOf(rtcp, 32 + ourSender.overhead());
            int length = ourSender.protect(buffer, 0, 32);
            assertArrayEquals(rtcp, assertInstanceOf(byte[].class, theirReceiver.unprotectRtcp(Arrays.copyOf(buffer, length))));

            byte[] srtcp = theirSender.protectRtcp(rtcp);
            assertEquals(32 + 4 + 10, srtcp.length, "80-bit SRTCP tag even for the _32 suite");
            assertEquals(32, ourReceiver.unprotect(srtcp, 0, srtcp.length));
            assertArrayEquals(rtcp, Arrays.copyOf(srtcp, 32));
        }
    }
}
