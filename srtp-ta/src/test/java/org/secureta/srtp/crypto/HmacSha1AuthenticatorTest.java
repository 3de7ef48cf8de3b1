package org.secureta.srtp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.secureta.srtp.crypto.TestPackets.hex;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class HmacSha1AuthenticatorTest {

    @Test
    void rfc_2202_test_case_1_gives_the_published_digest() {
        byte[] data = "Hi There".getBytes(StandardCharsets.US_ASCII);
        HmacSha1Authenticator hmac = new HmacSha1Authenticator(hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"));
        hmac.compute(data, 0, data.length);
        byte[] tag = new byte[20];
        hmac.writeTag(tag, 0, 20);
        assertEquals("B617318655057264E28BC0B6FB378C8EF146BE00", TestPackets.hex(tag, 0, 20));
    }

    @Test
    void rfc_2202_test_case_6_hashes_a_key_longer_than_a_block() {
        byte[] key = new byte[80];
        java.util.Arrays.fill(key, (byte) 0xaa);
        byte[] data = "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII);
        HmacSha1Authenticator hmac = new HmacSha1Authenticator(key);
        hmac.compute(data, 0, data.length);
        byte[] tag = new byte[20];
        hmac.writeTag(tag, 0, 20);
        assertEquals("AA4AE5E15272D00E95705637CE8A3B55ED402112", TestPackets.hex(tag, 0, 20));
    }

    @Test
    void the_srtp_tag_is_the_jdk_hmac_of_the_packet_followed_by_the_roc() throws Exception {
        Random random = new Random(4);
        for (int round = 0; round < 50; round++) {
            byte[] key = new byte[20];
            random.nextBytes(key);
            byte[] packet = new byte[12 + random.nextInt(1500)];
            random.nextBytes(packet);
            int roc = random.nextInt();

            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(packet);
            mac.update(new byte[] {(byte) (roc >>> 24), (byte) (roc >>> 16), (byte) (roc >>> 8), (byte) roc});
            byte[] expected = mac.doFinal();

            byte[] tag = new byte[20];
            new HmacSha1Authenticator(key).computeTag(packet, 0, packet.length, roc, tag, 0);
            assertArrayEquals(expected, tag);
        }
    }

    @Test
    void a_truncated_tag_matches_only_its_own_leftmost_bytes() {
        HmacSha1Authenticator hmac = new HmacSha1Authenticator(new byte[20]);
        byte[] data = TestPackets.payload(1);
        hmac.compute(data, 0, data.length, 0);
        byte[] packet = new byte[4];
        hmac.writeTag(packet, 0, 4);
        assertTrue(hmac.matches(packet, 0, 4));
        packet[3] ^= 1;
        assertFalse(hmac.matches(packet, 0, 4));
    }

    @Test
    void every_tag_length_is_written_to_its_end_only_and_refused_for_any_flipped_bit() {
        for (boolean precomputedPads : new boolean[] {true, false}) {
            if (precomputedPads && !ResumableSha1.AVAILABLE) {
                continue;
            }
            HmacSha1Authenticator hmac = new HmacSha1Authenticator(new byte[20], precomputedPads);
            byte[] data = TestPackets.payload(2);
            hmac.compute(data, 0, data.length, 7);
            byte[] full = new byte[20];
            hmac.writeTag(full, 0, 20);
            for (int tagLength : new int[] {4, 10, 20, 1, 7}) {
                byte[] packet = new byte[3 + tagLength + 2];
                java.util.Arrays.fill(packet, (byte) 0x5A);
                hmac.writeTag(packet, 3, tagLength);
                assertArrayEquals(java.util.Arrays.copyOf(full, tagLength), java.util.Arrays.copyOfRange(packet, 3, 3 + tagLength));
                assertEquals(0x5A, packet[2], "before the tag");
                assertEquals(0x5A, packet[3 + tagLength], "after the tag");
                assertTrue(hmac.matches(packet, 3, tagLength));
                for (int bit = 0; bit < 8 * tagLength; bit++) {
                    packet[3 + bit / 8] ^= (byte) (1 << (bit % 8));
                    assertFalse(hmac.matches(packet, 3, tagLength), "tag of " + tagLength + " bytes with bit " + bit + " flipped");
                    packet[3 + bit / 8] ^= (byte) (1 << (bit % 8));
                }
            }
        }
    }

    @Test
    void one_authenticator_gives_the_jdk_hmac_for_packets_of_changing_and_repeated_lengths() throws Exception {
        Random random = new Random(19);
        byte[] key = new byte[20];
        random.nextBytes(key);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key, "HmacSHA1"));
        HmacSha1Authenticator hmac = new HmacSha1Authenticator(key);
        int[] lengths = {172, 172, 80, 84, 84, 172, 0, 55, 56, 59, 60, 64, 119, 120, 128, 172, 1500, 172};
        for (int length : lengths) {
            for (boolean srtp : new boolean[] {true, false}) {
                byte[] packet = new byte[length + 5];
                random.nextBytes(packet);
                int roc = random.nextInt();
                mac.update(packet, 2, length);
                if (srtp) {
                    mac.update(new byte[] {(byte) (roc >>> 24), (byte) (roc >>> 16), (byte) (roc >>> 8), (byte) roc});
                    hmac.compute(packet, 2, length, roc);
                } else {
                    hmac.compute(packet, 2, length);
                }
                byte[] tag = new byte[20];
                hmac.writeTag(tag, 0, 20);
                assertArrayEquals(mac.doFinal(), tag, length + " bytes" + (srtp ? " and a ROC" : ""));
            }
        }
    }

    @Test
    void a_message_refused_half_way_leaves_the_next_one_right() throws Exception {
        byte[] key = new byte[20];
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key, "HmacSHA1"));
        HmacSha1Authenticator hmac = new HmacSha1Authenticator(key);
        byte[] packet = TestPackets.payload(3);
        // A range past the array: a caller's bug, refused after part of the message may be hashed.
        assertThrows(IndexOutOfBoundsException.class, () -> hmac.compute(packet, 0, packet.length + 200, 0));
        hmac.compute(packet, 0, packet.length);
        byte[] tag = new byte[20];
        hmac.writeTag(tag, 0, 20);
        assertArrayEquals(mac.doFinal(packet), tag);
    }
}
