package org.secureta.srtp.crypto;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode (128-bit big-endian counter, NIST SP 800-38A 6.5) whose counter block can be
 * set for every packet without re-initialising a {@link Cipher}: SRTP starts each packet's keystream
 * at a new IV (RFC 3711 4.1.1), and {@code Cipher.init} per packet costs more than the keystream of
 * a 160-byte payload itself (JCE layering, key and IV checks and copies), the largest cost left
 * in the packet path once HMAC hashes its pads once per key.
 * <p>
 * This class drives the JDK's own counter mode ({@code com.sun.crypto.provider.CounterMode} over
 * {@code AESCrypt}, which HotSpot replaces with its pipelined AES-NI stub): the key is expanded once;
 * per packet the IV is written straight into the mode's counter block and its keystream marked used
 * up, so that the packet's first byte starts a new block from that counter.
 * That takes {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED} on the java command
 * line (or {@code Add-Opens: java.base/com.sun.crypto.provider} in the manifest of the jar run with
 * -jar, as the unit's launcher has). Without it, or on a JDK whose internals differ,
 * {@link #AVAILABLE} is false, {@link #UNAVAILABLE_BECAUSE} says why, and {@link AesCounterCipher}
 * re-initialises a Cipher per packet: slower, never wrong. A known-answer check at class
 * initialisation (against the public {@code AES/CTR/NoPadding}) guards the fast path.
 * <p>
 * Not thread-safe: one per cipher, as the context that owns it.
 */
final class RepositionableAesCtr {

    static final boolean AVAILABLE;
    static final String UNAVAILABLE_BECAUSE;

    private static final MethodHandle NEW; // (byte[] key, byte[] iv) Object: an initialised CounterMode over AESCrypt
    /** (Object mode) byte[]: the mode's counter block, which its next keystream block is made from. */
    private static final MethodHandle COUNTER;
    /**
     * (Object mode, int) void: sets how much of the current keystream block is used up; the block
     * size means all of it, so the next byte starts a new block from the counter. With the counter
     * written, that is the mode's reset() without its copy of the IV (a call per packet).
     */
    private static final MethodHandle USED;
    private static final MethodHandle ENCRYPT; // (Object mode, byte[] in, int, int, byte[] out, int) int

    static {
        MethodHandle create = null;
        MethodHandle counter = null;
        MethodHandle used = null;
        MethodHandle encrypt = null;
        String reason = null;
        try {
            Class<?> aes = Class.forName("com.sun.crypto.provider.AESCrypt", false, null);
            Class<?> mode = Class.forName("com.sun.crypto.provider.CounterMode", false, null);
            Class<?> symmetric = aes.getSuperclass();
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(mode, MethodHandles.lookup());
            MethodHandle newAes = lookup.findConstructor(aes, MethodType.methodType(void.class));
            MethodHandle newMode = lookup.findConstructor(mode, MethodType.methodType(void.class, symmetric));
            MethodHandle init = lookup.findVirtual(mode, "init",
                    MethodType.methodType(void.class, boolean.class, String.class, byte[].class, byte[].class));
            create = MethodHandles.insertArguments(MethodHandles.lookup().findStatic(RepositionableAesCtr.class, "create",
                    MethodType.methodType(Object.class, MethodHandle.class, MethodHandle.class, MethodHandle.class, byte[].class, byte[].class)),
                    0, newAes.asType(MethodType.methodType(Object.class)),
                    newMode.asType(MethodType.methodType(Object.class, Object.class)),
                    init.asType(MethodType.methodType(void.class, Object.class, boolean.class, String.class, byte[].class, byte[].class)));
            counter = lookup.findGetter(mode, "counter", byte[].class).asType(MethodType.methodType(byte[].class, Object.class));
            used = lookup.findSetter(mode, "used", int.class).asType(MethodType.methodType(void.class, Object.class, int.class));
            encrypt = lookup.findVirtual(mode, "encrypt", MethodType.methodType(int.class, byte[].class, int.class, int.class, byte[].class, int.class))
                    .asType(MethodType.methodType(int.class, Object.class, byte[].class, int.class, int.class, byte[].class, int.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // IllegalAccessException when java.base does not open com.sun.crypto.provider to us.
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        NEW = create;
        COUNTER = counter;
        USED = used;
        ENCRYPT = encrypt;
        if (reason == null) {
            reason = selfTestFailure();
        }
        AVAILABLE = reason == null;
        UNAVAILABLE_BECAUSE = reason;
        if (reason != null) {
            // Once per JVM: the media still flows, correctly; an operator should know why it costs more CPU.
            System.getLogger(RepositionableAesCtr.class.getName()).log(System.Logger.Level.INFO,
                    "SRTP/SRTCP AES-CM re-initialises a javax.crypto.Cipher on every packet (slower): " + reason + " (run with --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED, as the unit's launcher does)");
        }
    }

    private static final int BLOCK = 16;

    private final Object mode;
    /** The mode's own counter block: written per packet, the keystream starts from it. */
    private final byte[] counter;

    /**
     * @throws IllegalStateException if {@link #AVAILABLE} is false, or the key is not 16, 24 or 32 bytes
     */
    static RepositionableAesCtr create(byte[] key) {
        if (!AVAILABLE) {
            throw new IllegalStateException("repositionable AES-CTR unavailable: " + UNAVAILABLE_BECAUSE);
        }
        return new RepositionableAesCtr(key);
    }

    private RepositionableAesCtr(byte[] key) {
        try {
            mode = (Object) NEW.invokeExact(key, new byte[BLOCK]);
            counter = (byte[]) COUNTER.invokeExact(mode);
        } catch (Throwable e) {
            throw new IllegalStateException("the JDK's AES refused a " + key.length + "-byte key: " + e.getMessage(), e);
        }
        if (counter.length != BLOCK) {
            throw new IllegalStateException("the JDK's AES-CTR counter block has " + counter.length + " bytes, not " + BLOCK);
        }
    }

    private static Object create(MethodHandle newAes, MethodHandle newMode, MethodHandle init, byte[] key, byte[] iv) throws Throwable {
        Object mode = (Object) newMode.invokeExact((Object) newAes.invokeExact());
        // Encrypt direction: CTR uses the forward cipher both ways (SP 800-38A 6.5). AESCrypt keeps
        // its own copy of the key schedule.
        init.invokeExact(mode, false, "AES", key, iv);
        return mode;
    }

    /** The IV block that {@link #transform} starts from: write the 16 bytes, then transform. */
    byte[] iv() {
        return counter;
    }

    /**
     * XORs the keystream starting at the IV block in {@link #iv()} into {@code data[offset, offset +
     * length)}, in place (each byte is read before its own position is written, never another's).
     */
    void transform(byte[] data, int offset, int length) {
        try {
            USED.invokeExact(mode, BLOCK);
            int done = (int) ENCRYPT.invokeExact(mode, data, offset, length, data, offset);
            assert done == length;
        } catch (Throwable e) {
            throw new IllegalStateException("the JDK's AES-CTR failed: " + e.getMessage(), e);
        }
    }

    /** Null if this gives what the public AES/CTR/NoPadding gives, else why not. */
    private static String selfTestFailure() {
        try {
            byte[] key = new byte[16];
            byte[] data = new byte[16 * 5 + 7];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 11 + 3);
            }
            for (int i = 0; i < key.length; i++) {
                key[i] = (byte) (i * 29 + 1);
            }
            RepositionableAesCtr ours = new RepositionableAesCtr(key);
            Cipher jce = Cipher.getInstance("AES/CTR/NoPadding");
            for (int round = 0; round < 3; round++) {
                byte[] iv = new byte[16];
                Arrays.fill(iv, (byte) (0x40 * round + 0x3F));
                iv[15] = (byte) 0xFE; // the counter carries across bytes within the packet
                jce.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
                byte[] expected = jce.doFinal(data);
                byte[] actual = data.clone();
                System.arraycopy(iv, 0, ours.iv(), 0, 16);
                ours.transform(actual, 0, actual.length);
                if (!Arrays.equals(expected, actual)) {
                    return "the JDK's counter mode driven directly differs from AES/CTR/NoPadding (JDK internals changed?)";
                }
            }
            return null;
        } catch (Exception | AssertionError e) {
            return "self-test failed: " + e;
        }
    }
}
