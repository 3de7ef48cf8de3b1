package org.secureta.srtp.crypto;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
 * get it) and sets its 5-word chaining state and byte count itself. That takes
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

    private static final MethodHandle UPDATE; // (Object digest, byte[], int, int) void
    private static final MethodHandle DIGEST; // (Object digest, byte[], int, int) int
    private static final MethodHandle STATE; // (Object digest) int[]
    private static final MethodHandle SET_BYTES_PROCESSED; // (Object digest, long) void
    private static final MethodHandle SET_BUFFERED; // (Object digest, int) void
    private static final MethodHandle NEW; // () Object

    static {
        MethodHandle update = null;
        MethodHandle digest = null;
        MethodHandle state = null;
        MethodHandle setBytes = null;
        MethodHandle setBuffered = null;
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
                MethodHandles.Lookup baseLookup = MethodHandles.privateLookupIn(base, MethodHandles.lookup());
                MethodType objectFirst = MethodType.methodType(void.class, Object.class, byte[].class, int.class, int.class);
                update = lookup.findVirtual(base, "engineUpdate", MethodType.methodType(void.class, byte[].class, int.class, int.class))
                        .asType(objectFirst);
                digest = lookup.findVirtual(base, "engineDigest", MethodType.methodType(int.class, byte[].class, int.class, int.class))
                        .asType(objectFirst.changeReturnType(int.class));
                state = lookup.findGetter(sha, "state", int[].class).asType(MethodType.methodType(int[].class, Object.class));
                setBytes = lookup.findSetter(base, "bytesProcessed", long.class)
                        .asType(MethodType.methodType(void.class, Object.class, long.class));
                setBuffered = baseLookup.findSetter(base, "bufOfs", int.class)
                        .asType(MethodType.methodType(void.class, Object.class, int.class));
                constructor = lookup.findConstructor(sha, MethodType.methodType(void.class)).asType(MethodType.methodType(Object.class));
            }
        } catch (ReflectiveOperationException | GeneralSecurityException | RuntimeException e) {
            // IllegalAccessException when java.base does not open sun.security.provider to us.
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        UPDATE = update;
        DIGEST = digest;
        STATE = state;
        SET_BYTES_PROCESSED = setBytes;
        SET_BUFFERED = setBuffered;
        NEW = constructor;
        if (reason == null) {
            reason = selfTestFailure();
        }
        AVAILABLE = reason == null;
        UNAVAILABLE_BECAUSE = reason;
    }

    private final Object sha;
    /** The digest's own chaining state array, written in place to resume. */
    private final int[] state;

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
    }

    /**
     * The chaining state after hashing the one 64-byte {@code block} from the initial state; leaves
     * this digest reset.
     */
    int[] stateAfter(byte[] block) {
        if (block.length != BLOCK) {
            throw new IllegalArgumentException("a SHA-1 block is 64 bytes, not " + block.length);
        }
        update(block, 0, BLOCK);
        int[] saved = state.clone();
        // Leave neither the block's state nor its bytes behind: digest() resets state and buffer.
        digest(new byte[DIGEST_LENGTH], 0);
        return saved;
    }

    /**
     * Starts a message as if one 64-byte block had been hashed, leading to {@code chainingState}:
     * the digest's state after exactly one block is that chaining state, 64 bytes counted and
     * nothing buffered. (Setting all three also overrides the JDK's lazy reset after a digest,
     * which would otherwise put the initial state back on the next update.)
     */
    void resume(int[] chainingState) {
        System.arraycopy(chainingState, 0, state, 0, STATE_WORDS);
        try {
            SET_BYTES_PROCESSED.invokeExact(sha, (long) BLOCK);
            SET_BUFFERED.invokeExact(sha, 0);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    void update(byte[] data, int offset, int length) {
        try {
            UPDATE.invokeExact(sha, data, offset, length);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pads, writes the 20-byte digest at {@code out[offset]} and resets to the initial state. */
    void digest(byte[] out, int offset) {
        try {
            int written = (int) DIGEST.invokeExact(sha, out, offset, DIGEST_LENGTH);
            assert written == DIGEST_LENGTH;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null if resuming gives what a plain MessageDigest gives for the same message, else why not. */
    private static String selfTestFailure() {
        try {
            byte[] message = new byte[3 * BLOCK + 17];
            for (int i = 0; i < message.length; i++) {
                message[i] = (byte) (i * 13 + 5);
            }
            byte[] expected = MessageDigest.getInstance("SHA-1").digest(message);
            ResumableSha1 sha1 = new ResumableSha1();
            int[] afterFirst = sha1.stateAfter(Arrays.copyOf(message, BLOCK));
            byte[] actual = new byte[DIGEST_LENGTH];
            for (int round = 0; round < 2; round++) {
                sha1.resume(afterFirst);
                sha1.update(message, BLOCK, message.length - BLOCK);
                sha1.digest(actual, 0);
                if (!Arrays.equals(expected, actual)) {
                    return "a resumed SHA-1 differs from MessageDigest's (JDK internals changed?)";
                }
            }
            return null;
        } catch (Exception | AssertionError e) {
            return "self-test failed: " + e;
        }
    }

}
