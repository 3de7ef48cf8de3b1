package org.secureta.srtp.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * A master key protects at most its lifetime's worth of packets (RFC 4568 6.1 lifetime, RFC 3711
 * 9.2: 2^48 SRTP, 2^31 SRTCP), counted over all the SSRCs it keys, on the sending and on the
 * receiving side alike.
 */
class KeyLifetimeTest {

    private static final int SSRC = 0x1234_5678;
    private static final SrtpProfile SUITE = SrtpProfile.AES_CM_128_HMAC_SHA1_80;

    private static SrtpKeys keys(long lifetime) {
        SrtpKeys base = TestPackets.keys(SUITE);
        return new SrtpKeys(SUITE, base.masterKey(), base.masterSalt(), base.mki(), lifetime);
    }

    @Test
    void a_sender_protects_exactly_lifetime_packets_then_refuses_as_exhausted() {
        SrtpContext sender = SrtpContext.forSending(keys(64));
        assertEquals(64, sender.packetsLeft());
        for (int seq = 0; seq < 64; seq++) {
            byte[] packet = TestPackets.rtp(seq, SSRC + (seq % 2), TestPackets.payload(seq));
            assertTrue(sender.protect(packet, 0, TestPackets.rtpLength(TestPackets.payload(seq))) > 0, "packet " + seq);
        }
        assertEquals(0, sender.packetsLeft(), "both SSRCs used the one master key");
        byte[] next = TestPackets.rtp(64, SSRC, TestPackets.payload(64));
        byte[] before = next.clone();
        assertEquals(SrtpFailure.KEY_EXHAUSTED.code(), sender.protect(next, 0, TestPackets.rtpLength(TestPackets.payload(64))));
        assertEquals(new String(before, java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(next, java.nio.charset.StandardCharsets.ISO_8859_1), "the refused packet is left as it was, unencrypted and unsent");
        assertEquals(1, sender.counters().otherFailures());
        assertEquals(64, sender.counters().protectedPackets());
    }

    @Test
    void a_receiver_accepts_lifetime_packets_and_refuses_the_next_even_if_authentic() {
        SrtpContext sender = SrtpContext.forSending(keys(100));
        SrtpContext receiver = SrtpContext.forReceiving(keys(3));
        for (int seq = 0; seq < 4; seq++) {
            byte[] payload = TestPackets.payload(seq);
            byte[] packet = TestPackets.rtp(seq, SSRC, payload);
            int length = sender.protect(packet, 0, TestPackets.rtpLength(payload));
            int result = receiver.unprotect(packet, 0, length);
            if (seq < 3) {
                assertEquals(TestPackets.rtpLength(payload), result, "packet " + seq);
            } else {
                assertEquals(SrtpFailure.KEY_EXHAUSTED.code(), result, "a fourth packet under a key of lifetime 3");
            }
        }
    }

    @Test
    void srtcp_counts_its_own_packets_and_never_more_than_2_to_the_31() {
        assertEquals(1L << 31, SrtcpContext.forSending(keys(SrtpKeys.MAX_LIFETIME)).lifetime());
        assertEquals(SrtpKeys.MAX_LIFETIME, SrtpContext.forSending(keys(SrtpKeys.MAX_LIFETIME)).lifetime());

        SrtcpContext sender = SrtcpContext.forSending(keys(2));
        SrtcpContext receiver = SrtcpContext.forReceiving(keys(2));
        for (int i = 0; i < 2; i++) {
            byte[] packet = TestPackets.rtcp(SSRC);
            int length = sender.protect(packet, 0, 32);
            assertTrue(length > 0, "SRTCP packet " + i);
            assertEquals(32, receiver.unprotect(packet, 0, length));
        }
        assertEquals(SrtpFailure.KEY_EXHAUSTED.code(), sender.protect(TestPackets.rtcp(SSRC), 0, 32));
    }

    @Test
    void keys_without_a_lifetime_get_the_srtp_maximum_and_a_lifetime_outside_1_to_2_to_the_48_is_refused() {
        SrtpKeys base = TestPackets.keys(SUITE);
        assertEquals(SrtpKeys.MAX_LIFETIME, base.lifetime());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SrtpKeys(SUITE, base.masterKey(), base.masterSalt(), base.mki(), (1L << 48) + 1));
        assertEquals("lifetime must be 1..2^48 packets (RFC 3711 9.2), not 281474976710657", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SrtpKeys(SUITE, base.masterKey(), base.masterSalt(), base.mki(), 0));
        assertEquals("SrtpKeys[AES_CM_128_HMAC_SHA1_80, mki=0 bytes, lifetime=64, key material hidden]", keys(64).toString());
    }
}
