package org.secureta.srtp.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA1 message authentication (RFC 3711 4.2.1, RFC 2104) with truncated tags, allocating
 * nothing per packet ({@link javax.crypto.Mac#doFinal()} allocates its result every time).
 * <p>
 * Where {@link ResumableSha1} is available, the inner and outer pad blocks are hashed once per key
 * and each message starts from those saved states (RFC 2104 section 4): 4 SHA-1 blocks for a 172-byte
 * RTP packet plus ROC instead of 6, a third of the HMAC's work. Otherwise it hashes both pads on a
 * reused {@link MessageDigest} for every message, as the JDK's own HMAC does.
 */
final class HmacSha1Authenticator {

    static final int FULL_TAG_LENGTH = 20;
    private static final int BLOCK = 64;
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    /** Hashes keys longer than a block, and every message where {@link #resumable} is null. */
    private final MessageDigest sha1;
    /**
     * The precomputed-pads path, null when unavailable: one SHA-1 for the inner hash, one for the
     * outer. Each is set to its pad's state as long as possible before its next compression loads
     * it, since 5 int stores read back at once by the compression's 16-byte load cannot be
     * forwarded from the store buffer: that load waits until the stores have retired and reached
     * the cache, and they retire only after every older instruction, the SHA-1 blocks included.
     * So the inner SHA-1 is set again as soon as its digest has gone into the outer block, before
     * the outer compression (the next inner one is at least that block away, and does not wait for
     * it); the outer SHA-1 right after the inner compression is called, ahead of the stores of the
     * inner digest into the outer block, which that compression waits for anyway. Not earlier: the
     * code from the previous packet's outer block to this packet's first inner block is what the
     * core must get through before the two can overlap, so it is kept as short as it can be.
     */
    private final ResumableSha1 resumable;
    private final ResumableSha1 outer;
    /**
     * Whether {@link #resumable} holds the inner pad's state, as it does between messages; false
     * while a message is being hashed, so that one refused half-way (a range outside the array)
     * leaves the next one to set it.
     */
    private boolean innerReady;
    private final int[] innerState;
    private final int[] outerState;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] innerHash = new byte[FULL_TAG_LENGTH];
    private final byte[] tag = new byte[FULL_TAG_LENGTH];
    /**
     * The last computed tag as five big-endian words: what {@link #writeTag} writes and
     * {@link #matches} compares, four bytes at a time rather than through {@code tag} byte by byte.
     * On the precomputed-pads path, the outer SHA-1's own chaining state, which holds the digest
     * until the next message (no copy); otherwise filled from {@code tag}.
     */
    private final int[] tagWords;
    private final byte[] rolloverCounter = new byte[4];

    HmacSha1Authenticator(byte[] key) {
        this(key, ResumableSha1.AVAILABLE);
    }

    /** {@code precomputedPads} false: the pad-per-message path, which tests compare with the other. */
    HmacSha1Authenticator(byte[] key, boolean precomputedPads) {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
        byte[] k = key.length > BLOCK ? sha1.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
        if (precomputedPads) {
            resumable = ResumableSha1.create();
            outer = ResumableSha1.create();
            innerState = resumable.stateAfter(innerPad);
            outerState = resumable.stateAfter(outerPad);
            resumable.resume(innerState);
            innerReady = true;
            tagWords = outer.digestWords();
            // The pads are no longer needed: the saved states stand for them.
            Arrays.fill(innerPad, (byte) 0);
            Arrays.fill(outerPad, (byte) 0);
        } else {
            resumable = null;
            outer = null;
            innerState = null;
            outerState = null;
            tagWords = new int[FULL_TAG_LENGTH / 4];
        }
    }

    /** Whether this authenticator hashes the pads once per key (see {@link ResumableSha1}). */
    boolean precomputedPads() {
        return resumable != null;
    }

    /** Tag of {@code data[offset, offset + length)}, as SRTCP authenticates (RFC 3711 3.4). */
    void compute(byte[] data, int offset, int length) {
        if (resumable != null) {
            authenticateResumed(data, offset, length, 0, 0);
            return;
        }
        sha1.update(innerPad);
        sha1.update(data, offset, length);
        finish();
    }

    /** Tag of {@code data[offset, offset + length) || ROC}, as SRTP authenticates (RFC 3711 4.2). */
    void compute(byte[] data, int offset, int length, int roc) {
        if (resumable != null) {
            authenticateResumed(data, offset, length, roc, 4);
            return;
        }
        rolloverCounter[0] = (byte) (roc >>> 24);
        rolloverCounter[1] = (byte) (roc >>> 16);
        rolloverCounter[2] = (byte) (roc >>> 8);
        rolloverCounter[3] = (byte) roc;
        sha1.update(innerPad);
        sha1.update(data, offset, length);
        sha1.update(rolloverCounter);
        finish();
    }

    /** For benchmarks and tests: computes the SRTP tag and writes all 20 bytes. */
    void computeTag(byte[] data, int offset, int length, int roc, byte[] out, int outOffset) {
        compute(data, offset, length, roc);
        writeTag(out, outOffset, FULL_TAG_LENGTH);
    }

    /** Writes the leftmost {@code tagLength} bytes of the last computed tag. */
    void writeTag(byte[] out, int offset, int tagLength) {
        int[] words = tagWords;
        if (tagLength == 10) {
            // The 80-bit tag (RFC 3711 5.2's default, every SRTCP tag here) in three stores, no loop.
            INTS.set(out, offset, words[0]);
            INTS.set(out, offset + 4, words[1]);
            SHORTS.set(out, offset + 8, (short) (words[2] >>> 16));
            return;
        }
        int i = 0;
        for (; i + 4 <= tagLength; i += 4) {
            INTS.set(out, offset + i, words[i >> 2]);
        }
        for (; i < tagLength; i++) {
            out[offset + i] = (byte) (words[i >> 2] >>> (24 - 8 * (i & 3)));
        }
    }

    /**
     * Compares the leftmost {@code tagLength} bytes of the last computed tag with the tag in the
     * packet in constant time (a compare that stops at the first difference would tell a forger,
     * by its timing, how many leading bytes were right): every byte is compared, the differences
     * ORed together, and only the total decides.
     */
    boolean matches(byte[] packet, int offset, int tagLength) {
        int[] words = tagWords;
        if (tagLength == 10) {
            // The 80-bit tag (RFC 3711 5.2's default, every SRTCP tag here) in three loads, no loop; every
            // byte compared and only the ORed differences decide.
            int difference = ((int) INTS.get(packet, offset) ^ words[0])
                    | ((int) INTS.get(packet, offset + 4) ^ words[1])
                    | (((short) SHORTS.get(packet, offset + 8) ^ (words[2] >>> 16)) & 0xFFFF);
            return difference == 0;
        }
        int difference = 0;
        int i = 0;
        for (; i + 4 <= tagLength; i += 4) {
            difference |= (int) INTS.get(packet, offset + i) ^ words[i >> 2];
        }
        for (; i < tagLength; i++) {
            difference |= (packet[offset + i] ^ words[i >> 2] >>> (24 - 8 * (i & 3))) & 0xFF;
        }
        return difference == 0;
    }

    /** RFC 2104: H(K ^ opad || H(K ^ ipad || text)), both pad blocks already hashed once per key. */
    private void authenticateResumed(byte[] data, int offset, int length, int suffix, int suffixLength) {
        if (!innerReady) {
            resumable.resume(innerState);
        }
        innerReady = false;
        // Dispatched here rather than in ResumableSha1.finish, so that this method's own branch
        // profile decides: a stream of audio packets compiles the short path alone.
        if (length <= ResumableSha1.COPIED) {
            resumable.finishShort(data, offset, length, suffix, suffixLength);
        } else {
            resumable.finishLong(data, offset, length, suffix, suffixLength);
        }
        // The outer state once the inner blocks are under way, not before them: its stores still
        // retire ahead of the digest's below, which the outer compression waits for in any case,
        // and the packet's path up to its first inner block is shorter (see resumable).
        outer.resume(outerState);
        // The outer message is one block whose padding never changes: the inner digest goes
        // straight into it, and the inner SHA-1 is set for the next message before the outer
        // block is hashed. The tag is then the outer state itself (tagWords).
        outer.finishWithDigestOf(resumable, innerState);
        innerReady = true;
    }

    private void finish() {
        try {
            sha1.digest(innerHash, 0, FULL_TAG_LENGTH);
            sha1.update(outerPad);
            sha1.update(innerHash);
            sha1.digest(tag, 0, FULL_TAG_LENGTH);
            for (int i = 0; i < tagWords.length; i++) {
                tagWords[i] = (int) INTS.get(tag, 4 * i);
            }
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 digest buffer", e);
        }
    }
}
