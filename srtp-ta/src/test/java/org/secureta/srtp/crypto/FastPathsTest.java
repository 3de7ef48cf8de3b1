package org.secureta.srtp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * The packet path's two fast paths (HMAC from precomputed pad states on the JDK's SHA-1, AES-CTR
 * repositioned per packet on the JDK's counter mode) are on when java.base opens its packages to us,
 * as the unit's launcher and srtp-ta's test runs do, and give exactly what the public JCE gives.
 */
class FastPathsTest {

    @Test
    void the_fast_paths_are_on_where_java_base_opens_its_sha1_and_aes_ctr() {
        assertTrue(ResumableSha1.AVAILABLE, () -> "precomputed HMAC pads are off: " + ResumableSha1.UNAVAILABLE_BECAUSE);
        assertTrue(RepositionableAesCtr.AVAILABLE, () -> "AES-CTR repositioning is off: " + RepositionableAesCtr.UNAVAILABLE_BECAUSE);
        assertTrue(new HmacSha1Authenticator(new byte[20]).precomputedPads());
        assertTrue(new AesCounterCipher(new byte[16], new byte[14]).repositioned());
        assertFalse(new HmacSha1Authenticator(new byte[20], false).precomputedPads());
        assertFalse(new AesCounterCipher(new byte[16], new byte[14], false).repositioned());
    }

    @Test
    void tags_from_precomputed_pads_are_the_jdk_hmac_of_every_message_in_a_row() throws Exception {
        Random random = new Random(19);
        for (int key = 0; key < 20; key++) {
            // 20-byte SRTP keys, and shorter and longer ones (longer than a block: hashed first).
            byte[] secret = new byte[key == 0 ? 100 : key == 1 ? 5 : 20];
            random.nextBytes(secret);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            HmacSha1Authenticator fast = new HmacSha1Authenticator(secret, true);
            HmacSha1Authenticator slow = new HmacSha1Authenticator(secret, false);
            // Several messages on one authenticator: each must start from the pad state again.
            for (int message = 0; message < 30; message++) {
                // 0 to 1500 bytes, including the lengths whose padding spills into another block.
                int length = message < 10 ? 50 + message : message < 14 ? 60 + message : random.nextInt(1501);
                byte[] data = new byte[length + 7];
                random.nextBytes(data);
                int roc = random.nextInt();
                mac.update(data, 3, length);
                mac.update(new byte[] {(byte) (roc >>> 24), (byte) (roc >>> 16), (byte) (roc >>> 8), (byte) roc});
                byte[] expected = mac.doFinal();
                byte[] fastTag = new byte[20];
                byte[] slowTag = new byte[20];
                fast.computeTag(data, 3, length, roc, fastTag, 0);
                slow.computeTag(data, 3, length, roc, slowTag, 0);
                assertArrayEquals(expected, fastTag, "key " + key + ", message " + message + " of " + length + " bytes");
                assertArrayEquals(expected, slowTag);

                // SRTCP's form, without the ROC.
                expected = mac.doFinal(java.util.Arrays.copyOfRange(data, 3, 3 + length));
                fast.compute(data, 3, length);
                fast.writeTag(fastTag, 0, 20);
                assertArrayEquals(expected, fastTag);
            }
        }
    }

    @Test
    void tags_from_precomputed_pads_are_right_for_every_length_up_to_three_blocks() throws Exception {
        byte[] secret = new byte[20];
        new Random(2104).nextBytes(secret);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret, "HmacSHA1"));
        HmacSha1Authenticator fast = new HmacSha1Authenticator(secret, true);
        byte[] data = new byte[200];
        new Random(1).nextBytes(data);
        byte[] tag = new byte[20];
        for (int length = 0; length <= 192; length++) {
            fast.compute(data, 1, length);
            fast.writeTag(tag, 0, 20);
            assertArrayEquals(mac.doFinal(java.util.Arrays.copyOfRange(data, 1, 1 + length)), tag, length + " bytes");
            fast.compute(data, 1, length, 0x7F000001);
            fast.writeTag(tag, 0, 20);
            mac.update(data, 1, length);
            assertArrayEquals(mac.doFinal(new byte[] {0x7F, 0, 0, 1}), tag, length + " bytes and a ROC");
        }
    }

    @Test
    void repositioned_aes_ctr_gives_the_jce_keystream_for_every_packet_in_a_row() throws Exception {
        Random random = new Random(3711);
        byte[] key = new byte[16];
        byte[] salt = new byte[14];
        random.nextBytes(key);
        random.nextBytes(salt);
        AesCounterCipher fast = new AesCounterCipher(key, salt, true);
        AesCounterCipher slow = new AesCounterCipher(key, salt, false);
        Cipher jce = Cipher.getInstance("AES/CTR/NoPadding");
        for (int packet = 0; packet < 200; packet++) {
            int ssrc = random.nextInt();
            long index = packet < 100 ? packet : random.nextLong() & 0xFFFF_FFFF_FFFFL;
            // Up to beyond the 2048-byte chunk of the Cipher.init path, and odd lengths.
            int length = packet == 0 ? 0 : random.nextInt(packet % 10 == 0 ? 5000 : 1500);
            byte[] plain = new byte[length + 12];
            random.nextBytes(plain);

            // RFC 3711 4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16).
            byte[] iv = new byte[16];
            System.arraycopy(salt, 0, iv, 0, 14);
            for (int i = 0; i < 4; i++) {
                iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
            }
            for (int i = 0; i < 6; i++) {
                iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
            }
            jce.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            byte[] expected = plain.clone();
            jce.doFinal(plain, 12, length, expected, 12);

            byte[] viaFast = plain.clone();
            byte[] viaSlow = plain.clone();
            fast.transform(viaFast, 12, length, ssrc, index);
            slow.transform(viaSlow, 12, length, ssrc, index);
            assertArrayEquals(expected, viaFast, "packet " + packet + " of " + length + " bytes");
            assertArrayEquals(expected, viaSlow);
        }
    }

    @Test
    void contexts_on_the_fast_paths_round_trip_ten_thousand_packets_across_a_rollover() {
        // Byte-for-byte interop of these paths with other stacks: LibsrtpVectorsTest, JitsiSrtpInteropTest.
        for (SrtpProfile profile : new SrtpProfile[] {SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.NULL_HMAC_SHA1_80}) {
            SrtpContext sender = SrtpContext.forSending(TestPackets.keys(profile));
            SrtpContext receiver = SrtpContext.forReceiving(TestPackets.keys(profile));
            for (int seq = 0; seq < 70_000; seq += 7) { // across a rollover
                byte[] payload = TestPackets.payload(seq);
                byte[] packet = TestPackets.rtp(seq & 0xFFFF, 0x1234, payload);
                int length = sender.protect(packet, 0, TestPackets.rtpLength(payload));
                assertTrue(length > 0);
                assertTrue(receiver.unprotect(packet, 0, length) == TestPackets.rtpLength(payload), "seq " + seq);
                assertArrayEquals(payload, java.util.Arrays.copyOfRange(packet, 12, 12 + payload.length));
            }
        }
    }
}
