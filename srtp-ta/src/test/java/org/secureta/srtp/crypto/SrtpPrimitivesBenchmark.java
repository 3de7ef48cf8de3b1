package org.secureta.srtp.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Which JCE shape is fastest for the two SRTP primitives on one 160-byte payload (172-byte
 * authenticated portion): the figures behind the choices in {@link AesCounterCipher} and
 * {@link HmacSha1Authenticator}.
 * <ul>
 * <li>AES-CM keystream: "AES/ECB/NoPadding" over counter blocks we write (one init per key) versus
 * "AES/CTR/NoPadding" re-initialised per packet: with the JCE's own IV and key objects (in place, or
 * into a separate buffer), or with reused ones as {@link AesCounterCipher} does.</li>
 * <li>HMAC-SHA1: {@link Mac} versus the HMAC construction over a reused {@link MessageDigest}.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SrtpPrimitivesBenchmark {

    private static final int PAYLOAD = 160;
    private static final int AUTHENTICATED = 12 + PAYLOAD;

    private final byte[] key = new byte[16];
    private final byte[] packet = new byte[AUTHENTICATED + 10];
    private final byte[] counterBlocks = new byte[PAYLOAD + 15 & ~15];
    private final byte[] keystream = new byte[counterBlocks.length];
    private final byte[] iv = new byte[16];
    private final byte[] tag = new byte[20];
    private final byte[] roc = new byte[4];
    private Cipher ecb;
    private Cipher ctr;
    private SecretKeySpec aesKey;
    private Mac mac;
    private AesCounterCipher ours;
    private HmacSha1Authenticator ourHmac;
    private long index;

    @Setup
    public void setUp() throws GeneralSecurityException {
        for (int i = 0; i < packet.length; i++) {
            packet[i] = (byte) i;
        }
        aesKey = new SecretKeySpec(key, "AES");
        ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, aesKey);
        ctr = Cipher.getInstance("AES/CTR/NoPadding");
        mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(new byte[20], "HmacSHA1"));
        ours = new AesCounterCipher(key, new byte[14]);
        ourHmac = new HmacSha1Authenticator(new byte[20]);
    }

    @Benchmark
    public byte[] keystreamByEcbOverCounterBlocks() throws GeneralSecurityException {
        long i = ++index;
        for (int block = 0; block < counterBlocks.length; block += 16) {
            counterBlocks[block + 13] = (byte) i;
            counterBlocks[block + 12] = (byte) (i >>> 8);
            counterBlocks[block + 14] = (byte) (block >>> 12);
            counterBlocks[block + 15] = (byte) (block >>> 4);
        }
        ecb.update(counterBlocks, 0, counterBlocks.length, keystream, 0);
        for (int k = 0; k < PAYLOAD; k++) {
            packet[12 + k] ^= keystream[k];
        }
        return packet;
    }

    @Benchmark
    public byte[] keystreamByCtrReinitialisedPerPacket() throws GeneralSecurityException {
        long i = ++index;
        iv[13] = (byte) i;
        iv[12] = (byte) (i >>> 8);
        ctr.init(Cipher.ENCRYPT_MODE, aesKey, new IvParameterSpec(iv));
        ctr.update(packet, 12, PAYLOAD, packet, 12);
        return packet;
    }

    /** As above without the in-place update, which makes the JDK copy its input first. */
    @Benchmark
    public byte[] keystreamByCtrReinitialisedIntoSeparateBuffer() throws GeneralSecurityException {
        long i = ++index;
        iv[13] = (byte) i;
        iv[12] = (byte) (i >>> 8);
        ctr.init(Cipher.ENCRYPT_MODE, aesKey, new IvParameterSpec(iv));
        ctr.update(packet, 12, PAYLOAD, keystream, 0);
        System.arraycopy(keystream, 0, packet, 12, PAYLOAD);
        return packet;
    }

    /** CTR re-initialised with a reused IV spec and key whose accessors do not copy. */
    @Benchmark
    public byte[] keystreamByCtrWithReusedIvAndKey() throws GeneralSecurityException {
        long i = ++index;
        reusableIv.iv[13] = (byte) i;
        reusableIv.iv[12] = (byte) (i >>> 8);
        ctr.init(Cipher.ENCRYPT_MODE, reusableKey, reusableIv);
        ctr.update(packet, 12, PAYLOAD, keystream, 0);
        System.arraycopy(keystream, 0, packet, 12, PAYLOAD);
        return packet;
    }

    static final class ReusableIv extends IvParameterSpec {
        final byte[] iv = new byte[16];
        private final byte[] handedOut = new byte[16];

        ReusableIv() {
            super(new byte[16]);
        }

        @Override
        public byte[] getIV() {
            System.arraycopy(iv, 0, handedOut, 0, 16);
            return handedOut;
        }
    }

    static final class ReusableKey implements javax.crypto.SecretKey {
        private final byte[] key;
        private final byte[] handedOut;

        ReusableKey(byte[] key) {
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
    }

    private final ReusableIv reusableIv = new ReusableIv();
    private final ReusableKey reusableKey = new ReusableKey(key);

    @Benchmark
    public byte[] keystreamByOurAesCounterCipher() {
        ours.transform(packet, 12, PAYLOAD, 0x12345678, ++index);
        return packet;
    }

    @Benchmark
    public byte[] hmacByJceMac() throws GeneralSecurityException {
        mac.update(packet, 0, AUTHENTICATED);
        mac.update(roc);
        mac.doFinal(tag, 0);
        return tag;
    }

    @Benchmark
    public byte[] hmacByOurAuthenticator() {
        ourHmac.computeTag(packet, 0, AUTHENTICATED, (int) ++index, tag, 0);
        return tag;
    }
}
