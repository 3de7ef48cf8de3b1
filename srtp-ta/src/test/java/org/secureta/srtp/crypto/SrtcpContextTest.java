package org.secureta.srtp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.secureta.srtp.crypto.TestPackets.keys;
import static org.secureta.srtp.crypto.TestPackets.rtcp;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.secureta.srtp.keymgmt.SrtpProfile;

class SrtcpContextTest {

    private static final int SSRC = 0x0BADCAFE;
    private static final int RTCP_LENGTH = 32;

    private static byte[] protect(SrtcpContext sender) {
        byte[] packet = rtcp(SSRC);
        int length = sender.protect(packet, 0, RTCP_LENGTH);
        return Arrays.copyOf(packet, length);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void an_rtcp_packet_round_trips_with_an_80_bit_tag_whatever_the_srtp_tag_length(SrtpProfile profile) {
        SrtcpContext sender = SrtcpContext.forSending(keys(profile));
        SrtcpContext receiver = SrtcpContext.forReceiving(keys(profile));
        byte[] srtcp = protect(sender);
        assertEquals(RTCP_LENGTH + 4 + 10, srtcp.length);
        assertEquals(RTCP_LENGTH, receiver.unprotect(srtcp, 0, srtcp.length));
        assertArrayEquals(Arrays.copyOf(rtcp(SSRC), RTCP_LENGTH), Arrays.copyOf(srtcp, RTCP_LENGTH));
    }

    @Test
    void aes_cm_sets_the_e_flag_encrypts_after_the_sender_ssrc_and_counts_the_srtcp_index() {
        SrtcpContext sender = SrtcpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_32));
        byte[] clear = rtcp(SSRC);
        byte[] first = protect(sender);
        byte[] second = protect(sender);

        assertArrayEquals(Arrays.copyOf(clear, 8), Arrays.copyOf(first, 8), "header and sender SSRC in clear");
        assertFalse(Arrays.equals(Arrays.copyOfRange(clear, 8, 32), Arrays.copyOfRange(first, 8, 32)));
        assertEquals(0x8000_0000, PacketFields.readInt(first, 32), "E=1, index 0");
        assertEquals(0x8000_0001, PacketFields.readInt(second, 32), "E=1, index 1");
    }

    @Test
    void null_cipher_sends_e_0_with_the_report_readable_and_authenticated() {
        SrtcpContext sender = SrtcpContext.forSending(keys(SrtpProfile.NULL_HMAC_SHA1_32));
        SrtcpContext receiver = SrtcpContext.forReceiving(keys(SrtpProfile.NULL_HMAC_SHA1_32));
        byte[] srtcp = protect(sender);
        assertArrayEquals(Arrays.copyOf(rtcp(SSRC), RTCP_LENGTH), Arrays.copyOf(srtcp, RTCP_LENGTH));
        assertEquals(0, PacketFields.readInt(srtcp, 32), "E=0, index 0");

        byte[] forged = srtcp.clone();
        forged[12] ^= 1;
        assertEquals(SrtpFailure.AUTHENTICATION_FAILED.code(), receiver.unprotect(forged, 0, forged.length));
        assertEquals(RTCP_LENGTH, receiver.unprotect(srtcp, 0, srtcp.length));
    }

    @Test
    void an_authentic_packet_sent_with_e_0_under_aes_cm_is_accepted_unencrypted_as_rfc_3711_3_4_allows() {
        // Build what a peer that chose not to encrypt this packet sends: RTCP || 0 || index || tag,
        // the tag under the SRTCP authentication key (label 0x04).
        byte[] packet = rtcp(SSRC);
        PacketFields.writeInt(packet, RTCP_LENGTH, 5);
        HmacSha1Authenticator peer = new HmacSha1Authenticator(KeyDerivation.derive(
                TestPackets.hex("E1F97A0D3E018BE0D64FA32C06DE4139"), TestPackets.hex("0EC675AD498AFEEBB6960B3AABE6"),
                KeyDerivation.Label.SRTCP_AUTHENTICATION, 20));
        peer.compute(packet, 0, RTCP_LENGTH + 4);
        peer.writeTag(packet, RTCP_LENGTH + 4, 10);

        SrtcpContext receiver = SrtcpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        assertEquals(RTCP_LENGTH, receiver.unprotect(packet, 0, RTCP_LENGTH + 14));
        assertArrayEquals(Arrays.copyOf(rtcp(SSRC), RTCP_LENGTH), Arrays.copyOf(packet, RTCP_LENGTH));
    }

    @Test
    void a_replayed_srtcp_packet_is_refused() {
        SrtcpContext sender = SrtcpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        SrtcpContext receiver = SrtcpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        byte[] srtcp = protect(sender);
        assertEquals(RTCP_LENGTH, receiver.unprotect(srtcp.clone(), 0, srtcp.length));
        assertEquals(SrtpFailure.REPLAYED.code(), receiver.unprotect(srtcp.clone(), 0, srtcp.length));
        assertEquals(1, receiver.counters().replays());
    }

    @Test
    void a_replayed_srtcp_packet_with_a_broken_tag_is_a_replay_and_leaves_the_next_packet_right() {
        // unprotect computes the tag before the replay check and judges it after (RFC 3711 3.3's
        // order): the verdict is still REPLAYED, and the refused packet's HMAC does not disturb the next.
        SrtcpContext sender = SrtcpContext.forSending(keys(SrtpProfile.NULL_HMAC_SHA1_80));
        SrtcpContext receiver = SrtcpContext.forReceiving(keys(SrtpProfile.NULL_HMAC_SHA1_80));
        byte[] first = protect(sender);
        byte[] second = protect(sender);
        assertEquals(RTCP_LENGTH, receiver.unprotect(first.clone(), 0, first.length));
        byte[] replayed = first.clone();
        replayed[replayed.length - 1] ^= 1;
        assertEquals(SrtpFailure.REPLAYED.code(), receiver.unprotect(replayed, 0, replayed.length));
        assertArrayEquals(Arrays.copyOf(first, first.length - 1), Arrays.copyOf(replayed, replayed.length - 1), "a refused packet is left as it was");
        assertEquals(RTCP_LENGTH, receiver.unprotect(second.clone(), 0, second.length));
        assertEquals(1, receiver.counters().replays());
        assertEquals(0, receiver.counters().authenticationFailures());
    }

    @Test
    void flipping_the_e_flag_or_the_index_fails_authentication() {
        SrtcpContext sender = SrtcpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        byte[] srtcp = protect(sender);
        for (int bit : new int[] {0x80, 0x01}) {
            SrtcpContext receiver = SrtcpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
            byte[] tampered = srtcp.clone();
            tampered[bit == 0x80 ? 32 : 35] ^= (byte) bit;
            assertEquals(SrtpFailure.AUTHENTICATION_FAILED.code(), receiver.unprotect(tampered, 0, tampered.length));
        }
    }

    @Test
    void truncated_srtcp_packets_are_malformed() {
        SrtcpContext receiver = SrtcpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        byte[] srtcp = protect(SrtcpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80)));
        for (int length = 0; length < 8 + 4 + 10; length++) {
            assertEquals(SrtpFailure.MALFORMED.code(), receiver.unprotect(srtcp.clone(), 0, length), "length " + length);
        }
    }

    @Test
    void with_an_mki_it_follows_the_index_and_must_match() {
        byte[] mki = {7, 7};
        SrtcpContext sender = SrtcpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, mki));
        byte[] srtcp = protect(sender);
        assertEquals(RTCP_LENGTH + 4 + 2 + 10, srtcp.length);
        assertArrayEquals(mki, Arrays.copyOfRange(srtcp, 36, 38));

        SrtcpContext other = SrtcpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[] {7, 8}));
        assertEquals(SrtpFailure.UNKNOWN_MKI.code(), other.unprotect(srtcp.clone(), 0, srtcp.length));
        SrtcpContext same = SrtcpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, mki));
        assertEquals(RTCP_LENGTH, same.unprotect(srtcp, 0, srtcp.length));
    }

    @Test
    void the_srtcp_index_space_of_a_master_key_ends_at_2_to_the_31() {
        SrtcpContext sender = SrtcpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        protect(sender);
        // Reach the end of the index space without sending 2^31 packets.
        RtcpStream stream = sender.stream(SSRC);
        stream.nextIndex = RtcpStream.MAX_INDEX + 1;
        byte[] packet = rtcp(SSRC);
        assertEquals(SrtpFailure.KEY_EXHAUSTED.code(), sender.protect(packet, 0, RTCP_LENGTH));
    }

    @Test
    void contexts_refuse_the_other_directions_operation() {
        SrtcpContext sender = SrtcpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        assertThrows(IllegalStateException.class, () -> sender.unprotect(new byte[64], 0, 64));
        assertThrows(IllegalStateException.class, () -> sender.forgetStream(SSRC));
    }
}
