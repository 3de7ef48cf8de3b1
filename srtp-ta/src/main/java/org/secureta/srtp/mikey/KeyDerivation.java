package org.secureta.srtp.mikey;

import java.nio.ByteBuffer;

/**
 * Key derivation of RFC 3830 sections 4.1.3 and 4.1.4. The label is
 * {@code constant || cs_id || csb_id || RAND}; keys that protect the MIKEY message itself are
 * derived from the pre-shared key with cs_id 0xFF. The constants are consecutive nine-digit
 * chunks of the decimal expansion of e, which makes a typo easy to spot.
 */
final class KeyDerivation {

    /** 4.1.3, from the TGK: 718281828. */
    static final int TEK = 0x2AD01C64;
    /** 4.1.3, from the TGK: 966967627. */
    static final int TEK_SALT = 0x39A2C14B;
    /** 4.1.4, from the pre-shared key: 352662497. */
    static final int PSK_ENCRYPTION = 0x150533E1;
    /** 4.1.4, from the pre-shared key: 757247093. */
    static final int PSK_AUTHENTICATION = 0x2D22AC75;
    /** 4.1.4, from the pre-shared key: 699959574. */
    static final int PSK_SALT = 0x29B88916;

    static final int CS_ID_MESSAGE_KEYS = 0xFF;
    static final int TEK_LENGTH = 16;
    static final int TEK_SALT_LENGTH = 14;

    private KeyDerivation() {
    }

    static byte[] label(int constant, int csId, int csbId, byte[] rand) {
        return ByteBuffer.allocate(9 + rand.length).putInt(constant).put((byte) csId).putInt(csbId).put(rand).array();
    }

    /** The SRTP master key of crypto session {@code csId} (1-based). */
    static byte[] tek(byte[] tgk, int csId, int csbId, byte[] rand) {
        return MikeyPrf.prf(tgk, label(TEK, csId, csbId, rand), TEK_LENGTH);
    }

    /** The SRTP master salt of crypto session {@code csId}, when none was transported. */
    static byte[] tekSalt(byte[] tgk, int csId, int csbId, byte[] rand) {
        return MikeyPrf.prf(tgk, label(TEK_SALT, csId, csbId, rand), TEK_SALT_LENGTH);
    }

    /** encr_key, auth_key and salt_key of one MIKEY exchange, from the pre-shared key (4.1.4). */
    static MessageKeys messageKeys(byte[] preSharedKey, int csbId, byte[] rand) {
        return new MessageKeys(
                MikeyPrf.prf(preSharedKey, label(PSK_ENCRYPTION, CS_ID_MESSAGE_KEYS, csbId, rand), 16),
                MikeyPrf.prf(preSharedKey, label(PSK_AUTHENTICATION, CS_ID_MESSAGE_KEYS, csbId, rand), 20),
                MikeyPrf.prf(preSharedKey, label(PSK_SALT, CS_ID_MESSAGE_KEYS, csbId, rand), 14));
    }
}
