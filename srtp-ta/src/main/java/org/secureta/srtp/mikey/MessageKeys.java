package org.secureta.srtp.mikey;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys protecting one MIKEY exchange (RFC 3830 4.1.4): AES-CM-128 encryption of the KEMAC
 * (4.2.3) and HMAC-SHA-1-160 of the messages (4.2.4). Secrets: never printed.
 */
final class MessageKeys {

    private final byte[] encryptionKey;
    private final byte[] authenticationKey;
    private final byte[] saltKey;

    MessageKeys(byte[] encryptionKey, byte[] authenticationKey, byte[] saltKey) {
        this.encryptionKey = encryptionKey.clone();
        this.authenticationKey = authenticationKey.clone();
        this.saltKey = saltKey.clone();
    }

    byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    byte[] authenticationKey() {
        return authenticationKey.clone();
    }

    byte[] saltKey() {
        return saltKey.clone();
    }

    /**
     * RFC 3830 4.2.3: IV = (S XOR (0x0000 || CSB ID || T)) || 0x0000, with S the 112-bit salt key
     * and T the 64-bit timestamp of the I_MESSAGE.
     */
    byte[] iv(int csbId, long timestamp) {
        byte[] iv = new byte[16];
        byte[] mix = new byte[14];
        for (int i = 0; i < 4; i++) {
            mix[2 + i] = (byte) (csbId >>> (24 - 8 * i));
        }
        for (int i = 0; i < 8; i++) {
            mix[6 + i] = (byte) (timestamp >>> (56 - 8 * i));
        }
        for (int i = 0; i < 14; i++) {
            iv[i] = (byte) (saltKey[i] ^ mix[i]);
        }
        return iv;
    }

    /** AES in counter mode is its own inverse: this encrypts and decrypts. */
    byte[] aesCm(byte[] data, int csbId, long timestamp) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new IvParameterSpec(iv(csbId, timestamp)));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding is mandatory in every Java platform", e);
        }
    }

    byte[] hmac(byte[] data, byte[]... more) {
        Mac mac = MikeyPrf.hmacSha1(authenticationKey);
        mac.update(data);
        for (byte[] part : more) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    /** Constant-time comparison, so a forged MAC learns nothing from the response time. */
    boolean verify(byte[] expectedMac, byte[] data, byte[]... more) {
        return MessageDigest.isEqual(hmac(data, more), expectedMac);
    }

    @Override
    public String toString() {
        return "MessageKeys[hidden]";
    }
}
