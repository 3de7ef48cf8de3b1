package org.secureta.srtp.crypto;

import org.secureta.srtp.keymgmt.SrtpKeys;

/**
 * The session keys of SRTP or of SRTCP derived from one master key (RFC 3711 4.3). Secrets: the
 * record's {@link #toString()} hides them, and {@link #wipe()} clears them once the ciphers hold them.
 */
record SessionKeys(byte[] encryptionKey, byte[] authenticationKey, byte[] salt) {

    static SessionKeys forSrtp(SrtpKeys keys) {
        return derive(keys, KeyDerivation.Label.SRTP_ENCRYPTION, KeyDerivation.Label.SRTP_AUTHENTICATION,
                KeyDerivation.Label.SRTP_SALT);
    }

    static SessionKeys forSrtcp(SrtpKeys keys) {
        return derive(keys, KeyDerivation.Label.SRTCP_ENCRYPTION, KeyDerivation.Label.SRTCP_AUTHENTICATION,
                KeyDerivation.Label.SRTCP_SALT);
    }

    private static SessionKeys derive(SrtpKeys keys, KeyDerivation.Label encryption, KeyDerivation.Label authentication,
            KeyDerivation.Label salt) {
        byte[] masterKey = keys.masterKey();
        byte[] masterSalt = keys.masterSalt();
        try {
            // The NULL cipher (4.1.3) needs no encryption key or salt, but the authentication key is
            // derived exactly as with AES-CM: that is what makes NULL_HMAC_SHA1 interoperate.
            boolean encrypted = keys.profile().encrypted();
            return new SessionKeys(
                    encrypted ? KeyDerivation.derive(masterKey, masterSalt, encryption, KeyDerivation.ENCRYPTION_KEY_LENGTH) : new byte[0],
                    KeyDerivation.derive(masterKey, masterSalt, authentication, KeyDerivation.AUTH_KEY_LENGTH),
                    encrypted ? KeyDerivation.derive(masterKey, masterSalt, salt, KeyDerivation.SALT_LENGTH) : new byte[0]);
        } finally {
            java.util.Arrays.fill(masterKey, (byte) 0);
            java.util.Arrays.fill(masterSalt, (byte) 0);
        }
    }

    PayloadCipher cipher() {
        return encryptionKey.length == 0 ? NullCipher.INSTANCE : new AesCounterCipher(encryptionKey, salt);
    }

    void wipe() {
        java.util.Arrays.fill(encryptionKey, (byte) 0);
        java.util.Arrays.fill(authenticationKey, (byte) 0);
        java.util.Arrays.fill(salt, (byte) 0);
    }

    @Override
    public String toString() {
        return "SessionKeys[hidden]";
    }
}
