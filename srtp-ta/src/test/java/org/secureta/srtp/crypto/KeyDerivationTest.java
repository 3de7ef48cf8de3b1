package org.secureta.srtp.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.secureta.srtp.crypto.TestPackets.hex;

import org.junit.jupiter.api.Test;

/** RFC 3711 appendix B.3, verbatim. */
class KeyDerivationTest {

    private static final byte[] MASTER_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static final byte[] MASTER_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");

    @Test
    void the_cipher_key_is_the_one_of_rfc_3711_b3() {
        byte[] key = KeyDerivation.derive(MASTER_KEY, MASTER_SALT, KeyDerivation.Label.SRTP_ENCRYPTION, 16);
        assertEquals("C61E7A93744F39EE10734AFE3FF7A087", TestPackets.hex(key, 0, key.length));
    }

    @Test
    void the_cipher_salt_is_the_one_of_rfc_3711_b3() {
        byte[] salt = KeyDerivation.derive(MASTER_KEY, MASTER_SALT, KeyDerivation.Label.SRTP_SALT, 14);
        assertEquals("30CBBC08863D8C85D49DB34A9AE1", TestPackets.hex(salt, 0, salt.length));
    }

    @Test
    void the_auth_key_stream_is_the_one_of_rfc_3711_b3_over_all_six_blocks() {
        byte[] stream = KeyDerivation.derive(MASTER_KEY, MASTER_SALT, KeyDerivation.Label.SRTP_AUTHENTICATION, 94);
        assertEquals("CEBE321F6FF7716B6FD4AB49AF256A15"
                + "6D38BAA48F0A0ACF3C34E2359E6CDBCE"
                + "E049646C43D9327AD175578EF7227098"
                + "6371C10C9A369AC2F94A8C5FBCDDDC25"
                + "6D6E919A48B610EF17C2041E47403576"
                + "6B68642C59BBFC2F34DB60DBDFB2", TestPackets.hex(stream, 0, stream.length));
    }

    @Test
    void the_hmac_sha1_auth_key_is_the_first_160_bits_of_that_stream() {
        byte[] key = KeyDerivation.derive(MASTER_KEY, MASTER_SALT, KeyDerivation.Label.SRTP_AUTHENTICATION,
                KeyDerivation.AUTH_KEY_LENGTH);
        assertEquals("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4", TestPackets.hex(key, 0, key.length));
    }

    @Test
    void srtcp_keys_differ_from_srtp_keys_by_their_labels() {
        byte[] srtp = KeyDerivation.derive(MASTER_KEY, MASTER_SALT, KeyDerivation.Label.SRTP_ENCRYPTION, 16);
        byte[] srtcp = KeyDerivation.derive(MASTER_KEY, MASTER_SALT, KeyDerivation.Label.SRTCP_ENCRYPTION, 16);
        org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(srtp, srtcp));
    }
}
