package org.secureta.srtp.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;

/**
 * AES in counter mode as SRTP defines it (RFC 3711 4.1.1), on the JDK's "AES/CTR/NoPadding": its
 * counter is the whole 128-bit block incremented big-endian, as 4.1.1 requires, and HotSpot runs it
 * as a pipelined AES-NI stub, faster here than "AES/ECB/NoPadding" over counter blocks we would write
 * (one AES-NI call per block; see SrtpPrimitivesBenchmark).
 * <p>
 * CTR needs a new IV per packet, hence a re-initialisation per packet. The JCE's own IV and key
 * objects would copy their bytes on each one (about 110 bytes of garbage per packet), so this class
 * hands the cipher an IV spec and a key that serve their bytes from reused arrays, refilled on every
 * call, so that nothing the JCE may keep or wipe can leak into the next packet.
 * <p>
 * Where {@link RepositionableAesCtr} is available, none of that happens per packet: the JDK's counter
 * mode is set to each packet's IV directly, the key schedule expanded once.
 */
final class AesCounterCipher implements PayloadCipher {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Keystream produced per JCE call; longer payloads take several rounds (the counter carries on). */
    private static final int CHUNK = 2048;

    /** The fast path; null when unavailable, and then {@link #aes} re-initialised per packet. */
    private final RepositionableAesCtr direct;
    private final Cipher aes;
    private final ReusedKey key;
    private final ReusedIv iv = new ReusedIv();
    private final long saltHigh;
    private final long saltLow;
    private final byte[] output = new byte[CHUNK];
    /** Whether {@link #direct}'s counter block holds the IV of packet {@link #preparedIndex} of {@link #preparedSsrc}. */
    private boolean prepared;
    private int preparedSsrc;
    private long preparedIndex;

    AesCounterCipher(byte[] sessionKey, byte[] sessionSalt) {
        this(sessionKey, sessionSalt, RepositionableAesCtr.AVAILABLE);
    }

    /** {@code repositioned} false: the Cipher.init-per-packet path, which tests compare with the other. */
    AesCounterCipher(byte[] sessionKey, byte[] sessionSalt, boolean repositioned) {
        if (sessionSalt.length != KeyDerivation.SALT_LENGTH) {
            throw new IllegalArgumentException("session salt must be " + KeyDerivation.SALT_LENGTH + " bytes, not " + sessionSalt.length);
        }
        byte[] padded = new byte[16];
        System.arraycopy(sessionSalt, 0, padded, 0, KeyDerivation.SALT_LENGTH);
        // k_s * 2^16: the salt fills the top 112 bits of the 128-bit IV.
        saltHigh = (long) LONGS.get(padded, 0);
        saltLow = (long) LONGS.get(padded, 8);
        key = new ReusedKey(sessionKey);
        direct = repositioned ? RepositionableAesCtr.create(sessionKey) : null;
        try {
            aes = Cipher.getInstance("AES/CTR/NoPadding");
            iv.set(saltHigh, saltLow);
            aes.init(Cipher.ENCRYPT_MODE, key, iv);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no usable AES/CTR: " + e.getMessage(), e);
        }
    }

    /** Whether the counter is set per packet without Cipher.init (see {@link RepositionableAesCtr}). */
    boolean repositioned() {
        return direct != null;
    }

    @Override
    public void transform(byte[] buffer, int offset, int length, int ssrc, long index) {
        // IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)
        if (direct != null) {
            if (!prepared || preparedSsrc != ssrc || preparedIndex != index) {
                writeCounter(ssrc, index);
            }
            // The mode moves its counter on as it goes: what was prepared is used up.
            prepared = false;
            direct.transform(buffer, offset, length);
            return;
        }
        iv.set(saltHigh ^ (ssrc & 0xFFFF_FFFFL), saltLow ^ (index << 16));
        try {
            aes.init(Cipher.ENCRYPT_MODE, key, iv);
            for (int done = 0; done < length; done += CHUNK) {
                int chunk = Math.min(CHUNK, length - done);
                // Not in place: the JCE would copy an overlapping input first.
                aes.update(buffer, offset + done, chunk, output, 0);
                System.arraycopy(output, 0, buffer, offset + done, chunk);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR refused its own key or IV: " + e.getMessage(), e);
        }
    }

    @Override
    public void prepare(int ssrc, long index) {
        if (direct != null) {
            writeCounter(ssrc, index);
            prepared = true;
            preparedSsrc = ssrc;
            preparedIndex = index;
        }
    }

    private void writeCounter(int ssrc, long index) {
        byte[] counter = direct.iv();
        LONGS.set(counter, 0, saltHigh ^ (ssrc & 0xFFFF_FFFFL));
        LONGS.set(counter, 8, saltLow ^ (index << 16));
    }

    /** An IV spec whose bytes can change between initialisations, served without allocation. */
    private static final class ReusedIv extends IvParameterSpec {
        private final byte[] current = new byte[16];
        private final byte[] handedOut = new byte[16];

        ReusedIv() {
            super(new byte[16]);
        }

        void set(long high, long low) {
            LONGS.set(current, 0, high);
            LONGS.set(current, 8, low);
        }

        @Override
        public byte[] getIV() {
            System.arraycopy(current, 0, handedOut, 0, 16);
            return handedOut;
        }
    }

    /** The session key, served without allocation; toString shows no key material. */
    private static final class ReusedKey implements SecretKey {
        private static final long serialVersionUID = 1L;
        private final byte[] key;
        private final byte[] handedOut;

        ReusedKey(byte[] key) {
            this.key = key.clone();
            this.handedOut = new byte[key.length];
        }

        @Override
        public String getAlgorithm() {
            return "AES";
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            System.arraycopy(key, 0, handedOut, 0, key.length);
            return handedOut;
        }

        @Override
        public String toString() {
            return "AES session key (hidden)";
        }
    }
}
