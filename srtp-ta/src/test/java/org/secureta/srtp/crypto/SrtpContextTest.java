package org.secureta.srtp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.secureta.srtp.crypto.TestPackets.keys;
import static org.secureta.srtp.crypto.TestPackets.payload;
import static org.secureta.srtp.crypto.TestPackets.rtp;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

class SrtpContextTest {

    private static final int SSRC = 0xCAFEBABE;

    /** A protected packet as it travels: exactly its bytes, no spare room. */
    private record Protected(byte[] bytes) {
        byte[] copy() {
            return bytes.clone();
        }
    }

    private static Protected protect(SrtpContext sender, int seq, byte[] payload) {
        byte[] packet = rtp(seq, SSRC, payload);
        int length = sender.protect(packet, 0, TestPackets.rtpLength(payload));
        assertTrue(length > 0, () -> "protect failed: " + SrtpFailure.fromResult(length));
        return new Protected(Arrays.copyOf(packet, length));
    }

    private static int unprotect(SrtpContext receiver, byte[] packet) {
        return receiver.unprotect(packet, 0, packet.length);
    }


    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void a_packet_protected_by_the_sender_unprotects_to_the_original_rtp_packet(SrtpProfile profile) {
        SrtpContext sender = SrtpContext.forSending(keys(profile));
        SrtpContext receiver = SrtpContext.forReceiving(keys(profile));
        byte[] original = Arrays.copyOf(rtp(1000, SSRC, payload(1)), 172);

        byte[] srtp = protect(sender, 1000, payload(1)).copy();
        assertEquals(172 + profile.authTagLength(), srtp.length);

        int length = unprotect(receiver, srtp);
        assertEquals(172, length);
        assertArrayEquals(original, Arrays.copyOf(srtp, length));
    }

    @Test
    void aes_cm_hides_the_payload_but_not_the_header() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        byte[] clear = rtp(7, SSRC, payload(2));
        byte[] srtp = protect(sender, 7, payload(2)).copy();
        assertArrayEquals(Arrays.copyOf(clear, 12), Arrays.copyOf(srtp, 12));
        assertFalse(Arrays.equals(Arrays.copyOfRange(clear, 12, 172), Arrays.copyOfRange(srtp, 12, 172)));
    }

    @Test
    void null_cipher_leaves_the_payload_readable_on_the_wire_yet_authenticated() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.NULL_HMAC_SHA1_80));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.NULL_HMAC_SHA1_80));
        byte[] clear = rtp(7, SSRC, payload(2));

        byte[] srtp = protect(sender, 7, payload(2)).copy();
        assertArrayEquals(Arrays.copyOf(clear, 172), Arrays.copyOf(srtp, 172), "payload in clear on the wire");
        assertEquals(182, srtp.length, "an 80-bit tag is appended");

        byte[] forged = srtp.clone();
        forged[20] ^= 0x01;
        assertEquals(SrtpFailure.AUTHENTICATION_FAILED.code(), unprotect(receiver, forged));
        assertEquals(172, unprotect(receiver, srtp));
    }

    @Test
    void null_and_aes_profiles_derive_the_same_auth_key_so_only_the_cipher_differs() {
        // The tag of a NULL packet equals the tag an AES-CM sender would put on the same bytes:
        // NULL_HMAC_SHA1_80 is AES_CM_128_HMAC_SHA1_80 minus encryption (RFC 3711 4.1.3).
        SrtpContext nullSender = SrtpContext.forSending(keys(SrtpProfile.NULL_HMAC_SHA1_80));
        byte[] srtp = protect(nullSender, 9, payload(3)).copy();
        HmacSha1Authenticator aesAuth = new HmacSha1Authenticator(KeyDerivation.derive(
                TestPackets.hex("E1F97A0D3E018BE0D64FA32C06DE4139"), TestPackets.hex("0EC675AD498AFEEBB6960B3AABE6"),
                KeyDerivation.Label.SRTP_AUTHENTICATION, 20));
        aesAuth.compute(srtp, 0, 172, 0);
        assertTrue(aesAuth.matches(srtp, 172, 10));
    }

    @Test
    void the_rollover_counter_advances_when_the_sequence_number_wraps_from_65535_to_0() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        for (int seq = 65530; seq < 65536 + 6; seq++) {
            byte[] srtp = protect(sender, seq & 0xFFFF, payload(seq)).copy();
            assertEquals(172, unprotect(receiver, srtp), "seq " + (seq & 0xFFFF));
            assertArrayEquals(payload(seq), Arrays.copyOfRange(srtp, 12, 172));
        }
    }

    @Test
    void after_the_wrap_a_packet_is_encrypted_under_roc_1_not_roc_0() {
        // Same sequence number 5 before and after a wrap: different index, different keystream.
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        byte[] first = protect(sender, 5, payload(0)).copy();
        // Steps of less than half the sequence space, so that each one reads as forward.
        for (int seq = 20005; seq < 65536; seq += 20000) {
            protect(sender, seq, payload(0));
        }
        protect(sender, 65535, payload(0));
        byte[] second = protect(sender, 5, payload(0)).copy();
        assertFalse(Arrays.equals(Arrays.copyOfRange(first, 12, 172), Arrays.copyOfRange(second, 12, 172)));
    }

    @Test
    void packets_reordered_around_the_rollover_are_all_accepted_with_the_right_roc() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        int[] sent = {65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3};
        byte[][] wire = new byte[sent.length][];
        for (int i = 0; i < sent.length; i++) {
            wire[i] = protect(sender, sent[i], payload(sent[i])).copy();
        }
        // Arrival: late packets from before the wrap arrive after the first ones of ROC 1.
        int[] arrival = {0, 1, 2, 6, 3, 7, 5, 8, 4, 9};
        for (int i : arrival) {
            assertEquals(172, unprotect(receiver, wire[i]), "seq " + sent[i]);
            assertArrayEquals(payload(sent[i]), Arrays.copyOfRange(wire[i], 12, 172), "seq " + sent[i]);
        }
    }

    @Test
    void a_replayed_packet_with_a_broken_tag_is_a_replay_and_leaves_the_next_packet_right() {
        // unprotect computes the tag before the replay check and judges it after (RFC 3711 3.3
        // steps 4 and 5 in order): the verdict is still REPLAYED, and that HMAC does not disturb the next.
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.NULL_HMAC_SHA1_80));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.NULL_HMAC_SHA1_80));
        Protected first = protect(sender, 100, payload(1));
        Protected second = protect(sender, 101, payload(2));
        assertEquals(172, unprotect(receiver, first.copy()));
        byte[] replayed = first.copy();
        replayed[replayed.length - 1] ^= 1;
        assertEquals(SrtpFailure.REPLAYED.code(), unprotect(receiver, replayed));
        assertEquals(172, unprotect(receiver, second.copy()));
        assertEquals(1, receiver.counters().replays());
        assertEquals(0, receiver.counters().authenticationFailures());
    }

    @Test
    void a_replayed_packet_is_refused_as_a_replay_and_counted() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        Protected packet = protect(sender, 100, payload(1));
        assertEquals(172, unprotect(receiver, packet.copy()));

        assertEquals(SrtpFailure.REPLAYED.code(), unprotect(receiver, packet.copy()));
        assertEquals(1, receiver.counters().replays());
        assertEquals(1, receiver.counters().unprotectedPackets());
    }

    @Test
    void a_packet_older_than_the_64_packet_window_is_refused_even_if_never_seen() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        Protected old = protect(sender, 1000, payload(0));
        Protected edge = protect(sender, 1001, payload(0));
        for (int seq = 1002; seq <= 1064; seq++) {
            assertEquals(172, unprotect(receiver, protect(sender, seq, payload(0)).copy()));
        }
        // Highest is 1064: 1001 is 63 behind (inside), 1000 is 64 behind (outside).
        assertEquals(SrtpFailure.REPLAYED.code(), unprotect(receiver, old.copy()));
        assertEquals(172, unprotect(receiver, edge.copy()));
    }

    @Test
    void a_late_packet_inside_the_window_is_accepted_once() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        Protected late = protect(sender, 10, payload(0));
        assertEquals(172, unprotect(receiver, protect(sender, 11, payload(0)).copy()));
        assertEquals(172, unprotect(receiver, protect(sender, 12, payload(0)).copy()));
        assertEquals(172, unprotect(receiver, late.copy()));
        assertEquals(SrtpFailure.REPLAYED.code(), unprotect(receiver, late.copy()));
    }

    @Test
    void the_sender_refuses_to_protect_the_same_index_twice_since_that_would_reuse_keystream() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        protect(sender, 5, payload(0));
        byte[] again = rtp(5, SSRC, payload(1));
        assertEquals(SrtpFailure.REPLAYED.code(), sender.protect(again, 0, 172));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void any_changed_byte_of_header_payload_or_tag_fails_authentication(SrtpProfile profile) {
        SrtpContext sender = SrtpContext.forSending(keys(profile));
        Protected packet = protect(sender, 1, payload(0));
        for (int at = 1; at < packet.bytes().length; at++) {
            if (at == 2 || at == 3) {
                continue; // a changed sequence number may look like a new index: covered below
            }
            SrtpContext receiver = SrtpContext.forReceiving(keys(profile));
            byte[] tampered = packet.copy();
            tampered[at] ^= 0x40;
            assertEquals(SrtpFailure.AUTHENTICATION_FAILED.code(), unprotect(receiver, tampered), "byte " + at);
            assertEquals(1, receiver.counters().authenticationFailures());
        }
    }

    @Test
    void a_changed_sequence_number_fails_authentication() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        byte[] tampered = protect(sender, 1, payload(0)).copy();
        tampered[3] = 2;
        assertEquals(SrtpFailure.AUTHENTICATION_FAILED.code(), unprotect(receiver, tampered));
    }

    @Test
    void a_failed_packet_is_left_as_it_arrived_and_does_not_advance_the_replay_window() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        Protected genuine = protect(sender, 500, payload(0));
        byte[] forged = protect(sender, 30000, payload(0)).copy();
        forged[100] ^= 1;
        byte[] before = forged.clone();
        assertEquals(SrtpFailure.AUTHENTICATION_FAILED.code(), unprotect(receiver, forged));
        assertArrayEquals(before, forged);
        // Had the forged index 30000 been accepted, 500 would now be outside the window.
        assertEquals(172, unprotect(receiver, genuine.copy()));
    }

    @Test
    void a_receiver_with_other_keys_refuses_every_packet_and_learns_no_stream() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        SrtpContext receiver = SrtpContext.forReceiving(TestPackets.otherKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        assertEquals(SrtpFailure.AUTHENTICATION_FAILED.code(), unprotect(receiver, protect(sender, 1, payload(0)).copy()));
        assertEquals(0, receiver.streamCount());
    }

    @Test
    void truncated_packets_are_refused_as_malformed_at_every_length() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        Protected packet = protect(sender, 1, payload(0));
        for (int length = 0; length < 12 + 10; length++) {
            SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
            assertEquals(SrtpFailure.MALFORMED.code(), receiver.unprotect(packet.copy(), 0, length), "length " + length);
        }
        for (int length = 22; length < packet.bytes().length; length++) {
            SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
            assertEquals(SrtpFailure.AUTHENTICATION_FAILED.code(), receiver.unprotect(packet.copy(), 0, length), "length " + length);
        }
    }

    @Test
    void a_header_announcing_more_csrcs_or_extension_than_the_packet_holds_is_malformed() {
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        byte[] csrcs = new byte[40];
        csrcs[0] = (byte) 0x8F; // 15 CSRCs = 72-byte header
        assertEquals(SrtpFailure.MALFORMED.code(), receiver.unprotect(csrcs, 0, 40));

        byte[] extension = new byte[40];
        extension[0] = (byte) 0x90; // X bit
        extension[14] = (byte) 0xFF; // extension length 65535 words
        extension[15] = (byte) 0xFF;
        assertEquals(SrtpFailure.MALFORMED.code(), receiver.unprotect(extension, 0, 40));

        byte[] version1 = protect(SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80)), 1, payload(0)).copy();
        version1[0] = (byte) 0x40;
        assertEquals(SrtpFailure.MALFORMED.code(), unprotect(receiver, version1));
        assertEquals(3, receiver.counters().malformed());
    }

    @Test
    void csrcs_and_header_extensions_stay_in_clear_and_round_trip() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        // V=2, X=1, CC=2: 12 + 8 (CSRCs) + 4 (extension header) + 8 (2 words) = 32-byte header.
        byte[] packet = new byte[32 + 160 + TestPackets.SPARE];
        packet[0] = (byte) 0x92;
        PacketFields.writeInt(packet, 8, SSRC);
        PacketFields.writeInt(packet, 12, 0x11111111);
        PacketFields.writeInt(packet, 16, 0x22222222);
        packet[20] = (byte) 0xBE;
        packet[21] = (byte) 0xDE;
        packet[23] = 2;
        PacketFields.writeInt(packet, 24, 0x33333333);
        PacketFields.writeInt(packet, 28, 0x44444444);
        System.arraycopy(payload(5), 0, packet, 32, 160);
        byte[] original = Arrays.copyOf(packet, 192);

        int length = sender.protect(packet, 0, 192);
        assertArrayEquals(Arrays.copyOf(original, 32), Arrays.copyOf(packet, 32), "header in clear");
        assertFalse(Arrays.equals(Arrays.copyOfRange(original, 32, 192), Arrays.copyOfRange(packet, 32, 192)));
        assertEquals(192, receiver.unprotect(packet, 0, length));
        assertArrayEquals(original, Arrays.copyOf(packet, 192));
    }

    @Test
    void packets_at_an_offset_inside_a_larger_array_are_protected_in_place() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_32));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_32));
        byte[] rtp = Arrays.copyOf(rtp(3, SSRC, payload(3)), 172);
        byte[] buffer = new byte[300];
        Arrays.fill(buffer, (byte) 0x77);
        System.arraycopy(rtp, 0, buffer, 50, 172);

        int length = sender.protect(buffer, 50, 172);
        assertEquals(176, length);
        assertEquals(0x77, buffer[49]);
        assertEquals(0x77, buffer[50 + 176]);
        assertEquals(172, receiver.unprotect(buffer, 50, length));
        assertArrayEquals(rtp, Arrays.copyOfRange(buffer, 50, 222));
    }

    @Test
    void protect_without_room_for_the_tag_is_refused_and_the_array_is_not_overrun() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        byte[] tight = Arrays.copyOf(rtp(1, SSRC, payload(0)), 172 + 9);
        byte[] before = tight.clone();
        assertEquals(SrtpFailure.BUFFER_TOO_SMALL.code(), sender.protect(tight, 0, 172));
        assertArrayEquals(before, tight, "a refused packet is left as it was");
        assertEquals(1, sender.counters().otherFailures());
    }

    @Test
    void with_an_mki_the_packet_carries_it_between_payload_and_tag() {
        byte[] mki = {0x00, 0x00, 0x00, 0x2A};
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, mki));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, mki));
        assertEquals(14, sender.overhead());

        byte[] srtp = protect(sender, 1, payload(1)).copy();
        assertEquals(186, srtp.length);
        assertArrayEquals(mki, Arrays.copyOfRange(srtp, 172, 176));
        assertEquals(172, unprotect(receiver, srtp));
        assertArrayEquals(payload(1), Arrays.copyOfRange(srtp, 12, 172));
    }

    @Test
    void a_packet_with_another_mki_is_refused_as_unknown_mki() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[] {1}));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[] {2}));
        int result = unprotect(receiver, protect(sender, 1, payload(1)).copy());
        assertEquals(SrtpFailure.UNKNOWN_MKI, SrtpFailure.fromResult(result));
    }

    @Test
    void an_mki_longer_than_128_bytes_is_refused_by_name() {
        SrtpKeys keys = keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[129]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SrtpContext.forSending(keys));
        assertEquals("mki must be at most 128 bytes (RFC 4568 9.1), not 129", e.getMessage());
    }

    @Test
    void a_receiver_told_the_senders_roc_accepts_a_stream_joined_after_a_wrap() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        sender.expectStream(SSRC, 7);
        byte[] srtp = protect(sender, 100, payload(1)).copy();

        SrtpContext unaware = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        assertEquals(SrtpFailure.AUTHENTICATION_FAILED.code(), unprotect(unaware, srtp.clone()));

        SrtpContext told = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        told.expectStream(SSRC, 7);
        assertEquals(172, unprotect(told, srtp));
        assertArrayEquals(payload(1), Arrays.copyOfRange(srtp, 12, 172));
    }

    @Test
    void the_index_space_of_a_master_key_ends_at_2_to_the_48() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        sender.expectStream(SSRC, 0xFFFF_FFFF);
        protect(sender, 65535, payload(0));
        byte[] next = rtp(0, SSRC, payload(0));
        assertEquals(SrtpFailure.KEY_EXHAUSTED.code(), sender.protect(next, 0, 172));
    }

    @Test
    void each_ssrc_has_its_own_rollover_counter_and_replay_list() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        byte[] a = rtp(9, 1, payload(1));
        byte[] b = rtp(9, 2, payload(1));
        int lengthA = sender.protect(a, 0, 172);
        int lengthB = sender.protect(b, 0, 172);
        assertNotEquals(Arrays.toString(Arrays.copyOfRange(a, 12, 172)), Arrays.toString(Arrays.copyOfRange(b, 12, 172)),
                "the SSRC is part of the IV");
        assertEquals(172, receiver.unprotect(a, 0, lengthA));
        assertEquals(172, receiver.unprotect(b, 0, lengthB));
        assertEquals(2, receiver.streamCount());
    }

    @Test
    void the_seventeenth_ssrc_is_refused_rather_than_evicting_a_replay_list() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        for (int ssrc = 1; ssrc <= 16; ssrc++) {
            assertTrue(sender.protect(rtp(1, ssrc, payload(0)), 0, 172) > 0);
        }
        assertEquals(SrtpFailure.TOO_MANY_STREAMS.code(), sender.protect(rtp(1, 17, payload(0)), 0, 172));
    }

    @Test
    void a_forgotten_ssrc_starts_afresh_with_its_next_packet() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        Protected packet = protect(sender, 1, payload(0));
        assertEquals(172, unprotect(receiver, packet.copy()));
        receiver.forgetStream(SSRC);
        assertEquals(0, receiver.streamCount());
        assertEquals(172, unprotect(receiver, packet.copy()));
    }

    @Test
    void contexts_refuse_the_other_directions_operation() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        byte[] packet = rtp(1, SSRC, payload(0));
        assertThrows(IllegalStateException.class, () -> sender.unprotect(packet, 0, 182));
        assertThrows(IllegalStateException.class, () -> receiver.protect(packet, 0, 172));
        assertThrows(IllegalStateException.class, () -> sender.forgetStream(SSRC));
    }

    @Test
    void counters_follow_what_happened() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        for (int seq = 0; seq < 5; seq++) {
            byte[] srtp = protect(sender, seq, payload(seq)).copy();
            unprotect(receiver, srtp.clone());
            if (seq == 4) {
                unprotect(receiver, srtp.clone());
                srtp[30] ^= 1;
                srtp[3] = 9;
                unprotect(receiver, srtp);
            }
        }
        assertEquals(new SrtpCounters(5, 0, 0, 0, 0, 0), sender.counters());
        assertEquals(new SrtpCounters(0, 5, 1, 1, 0, 0), receiver.counters());
    }

    @Test
    void to_string_shows_no_key_material() {
        SrtpContext sender = SrtpContext.forSending(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[] {1, 2}));
        assertEquals("SrtpContext[sending, AES_CM_128_HMAC_SHA1_80, mki=2 bytes, streams=0]", sender.toString());
    }

    @Test
    void a_failure_code_names_its_failure() {
        assertEquals(SrtpFailure.AUTHENTICATION_FAILED, SrtpFailure.fromResult(SrtpFailure.AUTHENTICATION_FAILED.code()));
        assertThrows(IllegalArgumentException.class, () -> SrtpFailure.fromResult(172));
        assertThrows(IllegalArgumentException.class, () -> SrtpFailure.fromResult(-100));
    }

    @Test
    void a_range_outside_the_array_is_a_callers_bug_and_throws() {
        SrtpContext receiver = SrtpContext.forReceiving(keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        assertThrows(IndexOutOfBoundsException.class, () -> receiver.unprotect(new byte[10], 5, 10));
    }

}
