package org.secureta.srtp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.secureta.srtp.crypto.TestPackets.hex;

import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** AES-CM keystream: RFC 3711 appendix B.2 verbatim, and the IV of 4.1.1 for other SSRCs and indices. */
class AesCounterCipherTest {

    private static final byte[] SESSION_KEY = hex("2B7E151628AED2A6ABF7158809CF4F3C");
    /** B.2 gives the salt "already shifted": F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000 is k_s * 2^16. */
    private static final byte[] SESSION_SALT = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");

    @Test
    void the_keystream_segment_of_rfc_3711_b2_starts_and_ends_as_published() {
        // 1044512 octets = 65282 AES blocks; encrypting zeros yields the keystream itself.
        byte[] segment = new byte[1_044_512];
        new AesCounterCipher(SESSION_KEY, SESSION_SALT).transform(segment, 0, segment.length, 0, 0);

        assertEquals("E03EAD0935C95E80E166B16DD92B4EB4"
                + "D23513162B02D0F72A43A2FE4A5F97AB"
                + "41E95B3BB0A2E8DD477901E4FCA894C0", TestPackets.hex(segment, 0, 48));
        assertEquals("EC8CDF7398607CB0F2D21675EA9EA1E4"
                + "362B7C3C6773516318A077D7FC5073AE"
                + "6A2CC3787889374FBEB4C81B17BA6C44", TestPackets.hex(segment, segment.length - 48, 48));
    }

    @Test
    void the_iv_mixes_ssrc_and_index_as_rfc_3711_4_1_1_says() throws Exception {
        // Independent oracle: the JDK's AES/CTR with the IV written out by hand from 4.1.1.
        Random random = new Random(3711);
        AesCounterCipher ours = new AesCounterCipher(SESSION_KEY, SESSION_SALT);
        for (int round = 0; round < 50; round++) {
            int ssrc = random.nextInt();
            long index = random.nextLong() & RtpStream.MAX_INDEX;
            byte[] data = new byte[1 + random.nextInt(3000)];
            random.nextBytes(data);

            byte[] iv = new byte[16];
            System.arraycopy(SESSION_SALT, 0, iv, 0, 14);
            for (int i = 0; i < 4; i++) {
                iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
            }
            for (int i = 0; i < 6; i++) {
                iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
            }
            Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
            ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(SESSION_KEY, "AES"), new IvParameterSpec(iv));
            byte[] expected = ctr.doFinal(data);

            byte[] buffer = new byte[data.length + 7];
            System.arraycopy(data, 0, buffer, 3, data.length);
            ours.transform(buffer, 3, data.length, ssrc, index);
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(buffer, 3, 3 + data.length),
                    "ssrc " + ssrc + " index " + index + " length " + data.length);
        }
    }

    @Test
    void transforming_twice_restores_the_plaintext() {
        AesCounterCipher cipher = new AesCounterCipher(SESSION_KEY, SESSION_SALT);
        byte[] data = TestPackets.payload(7);
        byte[] copy = data.clone();
        cipher.transform(data, 0, data.length, 42, 1234);
        cipher.transform(data, 0, data.length, 42, 1234);
        assertArrayEquals(copy, data);
    }

    @Test
    void a_prepared_packet_gets_its_own_keystream_and_any_other_packet_too() {
        AesCounterCipher reference = new AesCounterCipher(SESSION_KEY, SESSION_SALT);
        AesCounterCipher prepared = new AesCounterCipher(SESSION_KEY, SESSION_SALT);
        byte[] data = TestPackets.payload(9);
        // prepare(i) then transform(i); prepare(i) then transform(j); transform(i) twice after one prepare.
        long[][] steps = {{5, 5}, {6, 7}, {8, 8}, {8, 8}, {9, -1}, {10, 10}};
        for (long[] step : steps) {
            long index = step[1] < 0 ? step[0] : step[1];
            if (step[1] >= 0) {
                prepared.prepare(42, step[0]);
            }
            byte[] expected = data.clone();
            reference.transform(expected, 0, expected.length, 42, index);
            byte[] actual = data.clone();
            prepared.transform(actual, 0, actual.length, 42, index);
            assertArrayEquals(expected, actual, "prepared " + step[0] + ", transformed " + index);
        }
        byte[] expected = data.clone();
        reference.transform(expected, 0, expected.length, 43, 11);
        prepared.prepare(42, 11);
        byte[] actual = data.clone();
        prepared.transform(actual, 0, actual.length, 43, 11);
        assertArrayEquals(expected, actual, "prepared for another SSRC");
    }

    @Test
    void a_salt_of_the_wrong_length_is_refused_by_name() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AesCounterCipher(SESSION_KEY, new byte[16]));
        assertEquals("session salt must be 14 bytes, not 16", e.getMessage());
    }
}
