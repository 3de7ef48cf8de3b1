package org.secureta.srtp.mikey;

import java.util.Arrays;
import java.util.HexFormat;

/** The RAND payload (RFC 3830 section 6.11): fresh randomness that feeds every key derivation. */
record Rand(byte[] value) implements Payload {

    /** RFC 3830 6.11 asks for at least 128 bits of randomness. */
    static final int MIN_LENGTH = 16;

    Rand {
        if (value.length < MIN_LENGTH || value.length > 0xFF) {
            throw new IllegalArgumentException("RAND must be 16..255 bytes, not " + value.length);
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public PayloadType type() {
        return PayloadType.RAND;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rand r && Arrays.equals(r.value, value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Rand[" + HexFormat.of().formatHex(value) + "]";
    }
}
