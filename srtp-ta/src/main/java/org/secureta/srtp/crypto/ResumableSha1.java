package org.secureta.srtp.crypto;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;

/**
 * SHA-1 (FIPS 180-4) that can start a message from a saved chaining state instead of the initial
 * one: what lets HMAC hash its two key pads once per key rather than once per message (RFC 2104
 * section 4, "implementation note"), 4 SHA-1 blocks per 176-byte SRTP message instead of 6.
 * <p>
 * {@link MessageDigest} has no way in: its only state is the one it resets to, and
 * {@code clone()}ing a digest holding the pad state would allocate about 200 bytes per packet. So
 * this class drives the JDK's own SHA-1 implementation ({@code sun.security.provider.SHA}, whose
 * compression HotSpot replaces with its SHA-NI/AVX2 intrinsic; a SHA-1 written in Java would not
 * get it): it sets the 5-word chaining state itself and calls the multi-block compression
 * directly, padding and counting on its own side. That takes
 * {@code --add-opens java.base/sun.security.provider=ALL-UNNAMED} on the java command line (or
 * {@code Add-Opens: java.base/sun.security.provider} in the manifest of the jar run with -jar, as
 * the unit's launcher has). Without it, or on a JDK whose SHA-1 is laid out differently,
 * {@link #AVAILABLE} is false, {@link #UNAVAILABLE_BECAUSE} says why, and HMAC falls back to
 * hashing the pads per message on a plain MessageDigest: slower, never wrong. A known-answer check
 * at class initialisation (a resumed digest against a plain one) guards the fast path.
 * <p>
 * Not thread-safe: one per authenticator, as the context that owns it.
 */
final class ResumableSha1 {

    static final int BLOCK = 64;
    static final int DIGEST_LENGTH = 20;
    /** Words of chaining state (H0..H4). */
    static final int STATE_WORDS = 5;

    static final boolean AVAILABLE;
    static final String UNAVAILABLE_BECAUSE;

    /**
     * (Object digest, byte[] b, int ofs, int limit) int: DigestBase.implCompressMultiBlock0, which
     * HotSpot replaces with its multi-block SHA-1 stub; it hashes the blocks at ofs, ofs + 64, ...
     * up to and including limit. Called directly, not through engineUpdate: that one also counts
     * bytes, checks its buffer and divides by the block size on every call, none of which this
     * class needs (it always hands whole blocks and keeps its own count), so {@link #compress}
     * checks the bounds itself.
     */
    private static final MethodHandle COMPRESS;
    private static final MethodHandle STATE; // (Object digest) int[]
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** H0..H4 of FIPS 180-4 5.3.1. */
    private static final int[] INITIAL = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    private static final MethodHandle NEW; // () Object

    static {
        MethodHandle compress = null;
        MethodHandle state = null;
        MethodHandle constructor = null;
        String reason = null;
        try {
            Provider sun = Security.getProvider("SUN");
            Object prototype = sun == null ? null : sun.getService("MessageDigest", "SHA-1").newInstance(null);
            if (prototype == null || !prototype.getClass().getName().equals("sun.security.provider.SHA")) {
                reason = "the SUN provider's SHA-1 is not sun.security.provider.SHA";
            } else {
                Class<?> sha = prototype.getClass();
                Class<?> base = sha.getSuperclass();
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(sha, MethodHandles.lookup());
                compress = MethodHandles.privateLookupIn(base, MethodHandles.lookup())
                        .findVirtual(base, "implCompressMultiBlock0", MethodType.methodType(int.class, byte[].class, int.class, int.class))
                        .asType(MethodType.methodType(int.class, Object.class, byte[].class, int.class, int.class));
                state = lookup.findGetter(sha, "state", int[].class).asType(MethodType.methodType(int[].class, Object.class));
                constructor = lookup.findConstructor(sha, MethodType.methodType(void.class)).asType(MethodType.methodType(Object.class));
            }
        } catch (ReflectiveOperationException | GeneralSecurityException | RuntimeException e) {
            // IllegalAccessException when java.base does not open sun.security.provider to us.
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        COMPRESS = compress;
        STATE = state;
        NEW = constructor;
        if (reason == null) {
            reason = selfTestFailure();
        }
        AVAILABLE = reason == null;
        UNAVAILABLE_BECAUSE = reason;
        if (reason != null) {
            // Once per JVM: the media still flows, correctly; an operator should know why it costs more CPU.
            System.getLogger(ResumableSha1.class.getName()).log(System.Logger.Level.INFO,
                    "SRTP/SRTCP HMAC-SHA1 hashes its key pads on every packet (slower): " + reason + " (run with --add-opens java.base/sun.security.provider=ALL-UNNAMED, as the unit's launcher does)");
        }
    }

    private final Object sha;
    /** The digest's own chaining state array, written in place to resume, read for the digest. */
    private final int[] state;
    /** Messages up to this length are copied whole into {@link #last}, longer ones only their tail. */
    static final int COPIED = 512;
    /** The end of a message (all of a short one): its tail, the suffix, the padding. */
    private final byte[] last = new byte[COPIED + 2 * BLOCK];
    /**
     * Length (bytes after the resumed block, suffix included) of the message whose padding
     * {@link #last} holds, -1 before the first: a message of the same length (a codec's packets
     * mostly are) finds 0x80, zeros and bit length in place and writes only its tail, so that the
     * compression does not load bytes stored a moment before in pieces (which stalls the load).
     */
    private int paddedLength = -1;
    /**
     * The one block that ends a message of a resumed block plus a 20-byte digest (HMAC's outer
     * message, RFC 2104): the digest, then the padding of FIPS 180-4 5.1.1, written once here, since
     * that message's length never changes. Only bytes 0 to 19 are written per message.
     */
    private final byte[] digestBlock = new byte[BLOCK];

    /**
     * @throws IllegalStateException if {@link #AVAILABLE} is false
     */
    static ResumableSha1 create() {
        if (!AVAILABLE) {
            throw new IllegalStateException("resumable SHA-1 unavailable: " + UNAVAILABLE_BECAUSE);
        }
        return new ResumableSha1();
    }

    private ResumableSha1() {
        try {
            sha = NEW.invokeExact();
            state = (int[]) STATE.invokeExact(sha);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create the JDK's SHA-1", e);
        }
        if (state.length != STATE_WORDS) {
            throw new IllegalStateException("the JDK's SHA-1 state has " + state.length + " words, not " + STATE_WORDS);
        }
        digestBlock[DIGEST_LENGTH] = (byte) 0x80;
        LONGS.set(digestBlock, BLOCK - 8, (long) (BLOCK + DIGEST_LENGTH) * 8);
    }

    /** The chaining state after hashing the one 64-byte {@code block} from the initial state. */
    int[] stateAfter(byte[] block) {
        if (block.length != BLOCK) {
            throw new IllegalArgumentException("a SHA-1 block is 64 bytes, not " + block.length);
        }
        System.arraycopy(INITIAL, 0, state, 0, STATE_WORDS);
        compress(block, 0, BLOCK);
        return state.clone();
    }

    /** Starts a message as if one 64-byte block had been hashed, leading to {@code chainingState}. */
    void resume(int[] chainingState) {
        System.arraycopy(chainingState, 0, state, 0, STATE_WORDS);
    }

    /**
     * Hashes {@code data[offset, offset + length)} followed by {@code suffixLength} (0 or 4) bytes of
     * {@code suffix}, big-endian, as the rest of a message {@linkplain #resume resumed} after one
     * block, and pads it (FIPS 180-4 5.1.1: 0x80, zeros, the message's 64-bit bit length): the
     * digest is then {@link #digestWord}s 0 to 4.
     * <p>
     * Only the JDK's block compression is used, never its update or digest, so it never buffers,
     * pads or resets: its state is just the chaining state, which {@link #resume} sets.
     */
    void finish(byte[] data, int offset, int length, int suffix, int suffixLength) {
        if (length <= COPIED) {
            finishShort(data, offset, length, suffix, suffixLength);
        } else {
            finishLong(data, offset, length, suffix, suffixLength);
        }
    }

    /**
     * {@link #finish} of a message of at most {@link #COPIED} bytes (an audio packet): copied whole
     * and hashed in one call, since a call costs more than copying a few blocks. Its own method,
     * apart from {@link #finishLong}, so that a caller that only ever sees short messages (its
     * own branch profile says so) compiles one compression call site, not two: the JIT then
     * finds the HMAC small enough to inline into the packet path.
     */
    void finishShort(byte[] data, int offset, int length, int suffix, int suffixLength) {
        System.arraycopy(data, offset, last, 0, length);
        compress(last, 0, tail(length, length, suffix, suffixLength));
    }

    /** {@link #finish} of a longer message: hashed in place but for its last block(s). */
    void finishLong(byte[] data, int offset, int length, int suffix, int suffixLength) {
        int start = length & -BLOCK;
        // The tail first, then the whole blocks before it: their compression gives the bytes
        // just stored in pieces into last the time to reach the cache before it loads them.
        int n = length - start;
        System.arraycopy(data, offset + start, last, 0, n);
        int size = tail(n, length, suffix, suffixLength);
        compress(data, offset, start);
        compress(last, 0, size);
    }

    /**
     * Completes {@link #last}, whose first {@code n} bytes hold the message's tail, with the suffix
     * and the padding of a message of {@code length} + suffix bytes after the resumed block;
     * returns the bytes of {@link #last} to hash (1 or 2 blocks).
     */
    private int tail(int n, int length, int suffix, int suffixLength) {
        if (suffixLength == 4) {
            INTS.set(last, n, suffix);
            n += 4;
        }
        int size = (n + 9 + BLOCK - 1) & -BLOCK;
        if (length + suffixLength != paddedLength) {
            pad(n, size, length + suffixLength);
        }
        return size;
    }

    /**
     * Writes 0x80, zeros and the bit length after the {@code n} bytes of {@link #last}, when the
     * message length differs from the previous one's (a message of the same length as the
     * previous one finds them in place, so that the compression does not load bytes stored a
     * moment before in pieces, which stalls the load).
     */
    private void pad(int n, int size, int messageLength) {
        last[n] = (byte) 0x80;
        Arrays.fill(last, n + 1, size - 8, (byte) 0);
        LONGS.set(last, size - 8, (BLOCK + (long) messageLength) * 8);
        paddedLength = messageLength;
    }

    /**
     * Hashes the digest {@code of} just {@linkplain #finish finished} as the whole rest of the
     * message this one was {@linkplain #resume resumed} for: HMAC's outer hash H(K ^ opad || inner
     * digest) in one block, its padding written once per instance; the result is again
     * {@link #digestWord}s 0 to 4. {@code of} is {@linkplain #resume resumed} at {@code ofNext}
     * once its digest is read, before this block is hashed: its next compression then finds those
     * stores long in the cache rather than waiting for them behind this block (see
     * HmacSha1Authenticator).
     */
    void finishWithDigestOf(ResumableSha1 of, int[] ofNext) {
        byte[] block = digestBlock;
        int[] h = of.state;
        INTS.set(block, 0, h[0]);
        INTS.set(block, 4, h[1]);
        INTS.set(block, 8, h[2]);
        INTS.set(block, 12, h[3]);
        INTS.set(block, 16, h[4]);
        of.resume(ofNext);
        compress(block, 0, BLOCK);
    }

    /** Word {@code i} (0 to 4) of the digest of the message last finished: its bytes 4i to 4i + 3, big-endian. */
    int digestWord(int i) {
        return state[i];
    }

    /**
     * The chaining state itself, live: after {@link #finish} or {@link #finishWithDigestOf}, words 0
     * to 4 of the digest (as {@link #digestWord}), until the next {@link #resume} or message.
     */
    int[] digestWords() {
        return state;
    }

    /** Writes the 20-byte digest of the message last finished at {@code out[outOffset]}. */
    void digest(byte[] out, int outOffset) {
        for (int i = 0; i < STATE_WORDS; i++) {
            INTS.set(out, outOffset + 4 * i, state[i]);
        }
    }

    /**
     * Hashes {@code length / 64} whole blocks. The JDK's compression reads the array without checks
     * of its own on this path, hence these, whatever the callers already checked.
     */
    private void compress(byte[] blocks, int offset, int length) {
        if (offset < 0 || length <= 0 || (length & (BLOCK - 1)) != 0 || offset > blocks.length - length) {
            throw new IndexOutOfBoundsException("SHA-1 blocks at " + offset + ", " + length + " bytes, of " + blocks.length);
        }
        try {
            int end = (int) COMPRESS.invokeExact(sha, blocks, offset, offset + length - BLOCK);
            assert end == offset + length;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null if resuming gives what a plain MessageDigest gives for the same messages, else why not. */
    private static String selfTestFailure() {
        try {
            byte[] message = new byte[COPIED + 4 * BLOCK + 5];
            for (int i = 0; i < message.length; i++) {
                message[i] = (byte) (i * 13 + 5);
            }
            ResumableSha1 sha1 = new ResumableSha1();
            int[] afterFirst = sha1.stateAfter(Arrays.copyOf(message, BLOCK));
            MessageDigest plain = MessageDigest.getInstance("SHA-1");
            byte[] actual = new byte[DIGEST_LENGTH];
            // Every length of the rest up to two blocks and more, and around COPIED (copied whole or
            // hashed in place), with and without the 4-byte suffix (SRTP's ROC, none for SRTCP):
            // all the ways padding falls.
            for (int suffixLength = 0; suffixLength <= 4; suffixLength += 4) {
                for (int rest = 0; rest <= message.length - BLOCK - 4; rest = rest == 2 * BLOCK + 1 ? COPIED - BLOCK : rest + 1) {
                    sha1.resume(afterFirst);
                    sha1.finish(message, BLOCK, rest, 0x01020304, suffixLength);
                    sha1.digest(actual, 0);
                    plain.update(message, 0, BLOCK + rest);
                    plain.update(new byte[] {1, 2, 3, 4}, 0, suffixLength);
                    byte[] expected = plain.digest();
                    if (!Arrays.equals(expected, actual)) {
                        return "a resumed SHA-1 differs from MessageDigest's for " + rest + " + " + suffixLength + " bytes (JDK internals changed?)";
                    }
                    // The outer hash of HMAC: the digest just computed, after a block.
                    ResumableSha1 outer = new ResumableSha1();
                    outer.resume(outer.stateAfter(Arrays.copyOfRange(message, 2 * BLOCK, 3 * BLOCK)));
                    outer.finishWithDigestOf(sha1, afterFirst);
                    outer.digest(actual, 0);
                    plain.update(message, 2 * BLOCK, BLOCK);
                    plain.update(expected);
                    if (!Arrays.equals(plain.digest(), actual)) {
                        return "a resumed SHA-1 of a digest differs from MessageDigest's (JDK internals changed?)";
                    }
                }
            }
            return null;
        } catch (Exception | AssertionError e) {
            return "self-test failed: " + e;
        }
    }
}
