package org.secureta.srtp.sdes;

import java.math.BigInteger;

/**
 * The master key identifier of an inline key (RFC 4568 6.1 {@code mki-value ":" mki-length}): a
 * decimal value carried in {@code length} bytes of every SRTP packet (RFC 3711 3.1).
 *
 * @param value 0..2^(8*length)-1 (the grammar {@code 1*DIGIT} allows 0)
 * @param length 1..128 bytes
 */
public record Mki(BigInteger value, int length) {

    public static final int MAX_LENGTH = 128;

    public Mki {
        if (length < 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("MKI length must be 1..128 bytes, not " + length);
        }
        if (value.signum() < 0 || value.bitLength() > 8 * length) {
            throw new IllegalArgumentException("MKI value does not fit in " + length + " bytes");
        }
    }

    /** The value as it travels in SRTP packets: big-endian, exactly {@link #length} bytes. */
    public byte[] bytes() {
        byte[] minimal = value.toByteArray(); // may carry a leading sign byte
        byte[] out = new byte[length];
        int copy = Math.min(minimal.length, length);
        System.arraycopy(minimal, minimal.length - copy, out, length - copy, copy);
        return out;
    }

    public String text() {
        return value + ":" + length;
    }
}
