package org.secureta.srtp.mikey;

import java.util.Arrays;

/**
 * A Key data sub-payload (RFC 3830 section 6.13), carried inside the KEMAC. Holds secrets: never
 * printed.
 *
 * @param salt empty unless {@link KeyType#withSalt()}
 */
record KeyData(KeyType keyType, byte[] key, byte[] salt, KeyValidity validity) {

    enum KeyType {
        TGK(0, false),
        TGK_SALT(1, true),
        TEK(2, false),
        TEK_SALT(3, true);

        private final int code;
        private final boolean withSalt;

        KeyType(int code, boolean withSalt) {
            this.code = code;
            this.withSalt = withSalt;
        }

        int code() {
            return code;
        }

        boolean withSalt() {
            return withSalt;
        }

        boolean generationKey() {
            return this == TGK || this == TGK_SALT;
        }

        static KeyType of(int code) {
            for (KeyType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    KeyData {
        if (key.length > 0xFFFF || salt.length > 0xFFFF) {
            throw new IllegalArgumentException("key and salt must fit 16 bits of length");
        }
        if (!keyType.withSalt() && salt.length > 0) {
            throw new IllegalArgumentException(keyType + " carries no salt");
        }
        key = key.clone();
        salt = salt.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyData k && k.keyType == keyType && Arrays.equals(k.key, key)
                && Arrays.equals(k.salt, salt) && k.validity.equals(validity);
    }

    @Override
    public int hashCode() {
        return keyType.hashCode() * 31 + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "KeyData[" + keyType + ", " + key.length + "-byte key hidden, " + salt.length + "-byte salt hidden, " + validity + "]";
    }
}
