package org.secureta.srtp.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP key derivation function (RFC 3711 4.3) with a key derivation rate of zero, the only
 * rate SDES and MIKEY use in practice: the session keys are derived once, from index 0.
 */
final class KeyDerivation {

    /** Labels of RFC 3711 4.3.1 (SRTP) and 4.3.2 (SRTCP). */
    enum Label {
        SRTP_ENCRYPTION(0x00), SRTP_AUTHENTICATION(0x01), SRTP_SALT(0x02),
        SRTCP_ENCRYPTION(0x03), SRTCP_AUTHENTICATION(0x04), SRTCP_SALT(0x05);

        final int value;

        Label(int value) {
            this.value = value;
        }
    }

    /** HMAC-SHA1 session authentication key length n_a (RFC 3711 4.2.1, 8.2: 160 bits). */
    static final int AUTH_KEY_LENGTH = 20;
    /** Session salt length n_s (RFC 3711 8.2: 112 bits). */
    static final int SALT_LENGTH = 14;
    static final int ENCRYPTION_KEY_LENGTH = 16;

    private KeyDerivation() {
    }

    /**
     * {@code length} bytes of PRF output for {@code label}: AES-CM under the master key with
     * IV = (master salt XOR (label || r)) * 2^16, r = index DIV kdr = 0 (RFC 3711 4.3.1, 4.3.3).
     */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, Label label, int length) {
        if (masterSalt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("master salt must be " + SALT_LENGTH + " bytes, not " + masterSalt.length);
        }
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
            int blocks = (length + 15) / 16;
            byte[] counterBlocks = new byte[blocks * 16];
            for (int block = 0; block < blocks; block++) {
                int at = block * 16;
                System.arraycopy(masterSalt, 0, counterBlocks, at, SALT_LENGTH);
                // key_id = label || r is 56 bits aligned to the right of the 112-bit salt: with r = 0
                // only the label octet (the 8th of the salt) changes.
                counterBlocks[at + 7] ^= (byte) label.value;
                counterBlocks[at + 14] = (byte) (block >>> 8);
                counterBlocks[at + 15] = (byte) block;
            }
            byte[] output = aes.doFinal(counterBlocks);
            byte[] key = new byte[length];
            System.arraycopy(output, 0, key, 0, length);
            java.util.Arrays.fill(output, (byte) 0);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no usable AES: " + e.getMessage(), e);
        }
    }
}
