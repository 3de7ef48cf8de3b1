package org.secureta.srtp.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as SRTP defines it (RFC 3711 4.1.1). The counter blocks are written here and
 * encrypted by one "AES/ECB/NoPadding" instance keyed once: unlike "AES/CTR/NoPadding", which needs
 * a new IV object and a re-initialisation per packet, nothing is allocated per packet (see
 * SrtpPrimitivesBenchmark for the figures behind this choice).
 */
final class AesCounterCipher implements PayloadCipher {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Keystream produced per JCE call; longer payloads take several rounds. */
    private static final int CHUNK = 2048;
    /** The block counter is the low 16 bits of the IV (the index is shifted by 2^16). */
    static final int MAX_LENGTH = 0x10000 * 16;

    private final Cipher aes;
    private final long saltHigh;
    private final long saltLow;
    private final byte[] counterBlocks = new byte[CHUNK];
    private final byte[] keystream = new byte[CHUNK];

    AesCounterCipher(byte[] sessionKey, byte[] sessionSalt) {
        if (sessionSalt.length != KeyDerivation.SALT_LENGTH) {
            throw new IllegalArgumentException("session salt must be " + KeyDerivation.SALT_LENGTH + " bytes, not " + sessionSalt.length);
        }
        byte[] padded = new byte[16];
        System.arraycopy(sessionSalt, 0, padded, 0, KeyDerivation.SALT_LENGTH);
        // k_s * 2^16: the salt fills the top 112 bits of the 128-bit IV.
        saltHigh = (long) LONGS.get(padded, 0);
        saltLow = (long) LONGS.get(padded, 8);
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sessionKey, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no usable AES: " + e.getMessage(), e);
        }
    }

    @Override
    public void transform(byte[] buffer, int offset, int length, int ssrc, long index) {
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("AES-CM keystream is limited to 2^16 blocks per packet, not " + length + " bytes");
        }
        // IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)
        long ivHigh = saltHigh ^ (ssrc & 0xFFFF_FFFFL);
        long ivLow = saltLow ^ (index << 16);
        int block = 0;
        for (int done = 0; done < length; done += CHUNK) {
            int chunk = Math.min(CHUNK, length - done);
            int chunkBlocks = (chunk + 15) >>> 4;
            for (int b = 0; b < chunkBlocks; b++, block++) {
                LONGS.set(counterBlocks, b << 4, ivHigh);
                // The low 16 bits of the IV are zero and block < 2^16: adding cannot carry.
                LONGS.set(counterBlocks, (b << 4) + 8, ivLow | block);
            }
            try {
                aes.update(counterBlocks, 0, chunkBlocks << 4, keystream, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException("keystream buffer too small", e);
            }
            xor(buffer, offset + done, chunk);
        }
    }

    private void xor(byte[] buffer, int offset, int length) {
        int k = 0;
        for (; k + 8 <= length; k += 8) {
            LONGS.set(buffer, offset + k, (long) LONGS.get(buffer, offset + k) ^ (long) LONGS.get(keystream, k));
        }
        for (; k < length; k++) {
            buffer[offset + k] ^= keystream[k];
        }
    }
}
