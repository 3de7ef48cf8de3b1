package org.secureta.srtp.mikey;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Second, deliberately plain implementations of RFC 3830's crypto, written from the RFC text
 * without sharing code with the production classes, plus small test helpers.
 */
final class Reference {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00.250Z");
    static final byte[] PSK = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    private Reference() {
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static byte[] hmacSha1(byte[] key, byte[]... parts) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key, "HmacSHA1"));
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** RFC 3830 4.1.2, literally: P per 256-bit chunk, XOR of all, truncated. */
    static byte[] prf(byte[] inkey, byte[] label, int outBytes) throws Exception {
        int n = (inkey.length + 31) / 32;
        int m = (outBytes * 8 + 159) / 160;
        byte[] result = new byte[m * 20];
        for (int chunk = 0; chunk < n; chunk++) {
            byte[] s = java.util.Arrays.copyOfRange(inkey, chunk * 32, Math.min(inkey.length, chunk * 32 + 32));
            ByteArrayOutputStream p = new ByteArrayOutputStream();
            byte[] a = label; // A_0
            for (int i = 1; i <= m; i++) {
                a = hmacSha1(s, a); // A_i = HMAC(s, A_(i-1))
                p.writeBytes(hmacSha1(s, a, label)); // HMAC(s, A_i || label)
            }
            byte[] pBytes = p.toByteArray();
            for (int i = 0; i < result.length; i++) {
                result[i] = (byte) (result[i] ^ pBytes[i]);
            }
        }
        return java.util.Arrays.copyOf(result, outBytes);
    }

    /** label = constant || cs_id || csb_id || RAND, spelled out byte by byte. */
    static byte[] label(String constantHex, int csId, int csbId, byte[] rand) {
        return concat(hex(constantHex), new byte[] {(byte) csId},
                new byte[] {(byte) (csbId >>> 24), (byte) (csbId >>> 16), (byte) (csbId >>> 8), (byte) csbId}, rand);
    }

    /** AES-CM of RFC 3830 4.2.3 / RFC 3711 4.1.1 from single-block AES: keystream block i = AES(key, IV + i). */
    static byte[] aesCounterMode(byte[] key, byte[] iv, byte[] data) throws Exception {
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        byte[] out = new byte[data.length];
        for (int block = 0; block * 16 < data.length; block++) {
            byte[] counter = iv.clone();
            int carry = block;
            for (int i = 15; i >= 0 && carry != 0; i--) {
                int sum = (counter[i] & 0xFF) + (carry & 0xFF);
                counter[i] = (byte) sum;
                carry = (carry >>> 8) + (sum >>> 8);
            }
            byte[] keystream = aes.doFinal(counter);
            for (int i = 0; i < 16 && block * 16 + i < data.length; i++) {
                out[block * 16 + i] = (byte) (data[block * 16 + i] ^ keystream[i]);
            }
        }
        return out;
    }

    /** A random source that returns what the test scripted, so messages can be predicted byte by byte. */
    static final class ScriptedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final int csbId;
        private final Deque<byte[]> blocks = new ArrayDeque<>();

        ScriptedRandom(int csbId, byte[]... blocks) {
            this.csbId = csbId;
            for (byte[] block : blocks) {
                this.blocks.add(block);
            }
        }

        @Override
        public int nextInt() {
            return csbId;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            byte[] next = blocks.poll();
            if (next == null || next.length != bytes.length) {
                throw new IllegalStateException("unscripted request for " + bytes.length + " random bytes");
            }
            System.arraycopy(next, 0, bytes, 0, bytes.length);
        }
    }
}
