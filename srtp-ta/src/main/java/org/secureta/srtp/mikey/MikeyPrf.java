package org.secureta.srtp.mikey;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MIKEY-1 pseudo-random function of RFC 3830 section 4.1.2: the input key is cut into 256-bit
 * chunks, each expands the label with the P-function (HMAC-SHA-1 in the feedback construction
 * known from TLS), and the expansions are XORed.
 */
final class MikeyPrf {

    private static final int CHUNK_LENGTH = 32;
    private static final int HMAC_LENGTH = 20;

    private MikeyPrf() {
    }

    static byte[] prf(byte[] inkey, byte[] label, int outLength) {
        if (inkey.length == 0) {
            // No chunk at all would yield an all-zero key.
            throw new IllegalArgumentException("PRF input key is empty");
        }
        int m = (outLength + HMAC_LENGTH - 1) / HMAC_LENGTH;
        byte[] out = new byte[m * HMAC_LENGTH];
        for (int offset = 0; offset < inkey.length; offset += CHUNK_LENGTH) {
            byte[] chunk = Arrays.copyOfRange(inkey, offset, Math.min(offset + CHUNK_LENGTH, inkey.length));
            byte[] expansion = p(chunk, label, m);
            for (int i = 0; i < out.length; i++) {
                out[i] ^= expansion[i];
            }
        }
        return Arrays.copyOf(out, outLength);
    }

    /** P(s, label, m) = HMAC(s, A_1 || label) || ... || HMAC(s, A_m || label), A_0 = label, A_i = HMAC(s, A_(i-1)). */
    private static byte[] p(byte[] s, byte[] label, int m) {
        Mac hmac = hmacSha1(s);
        byte[] out = new byte[m * HMAC_LENGTH];
        byte[] a = label;
        for (int i = 0; i < m; i++) {
            a = hmac.doFinal(a);
            hmac.update(a);
            byte[] block = hmac.doFinal(label);
            System.arraycopy(block, 0, out, i * HMAC_LENGTH, HMAC_LENGTH);
        }
        return out;
    }

    static Mac hmacSha1(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is mandatory in every Java platform", e);
        }
    }
}
