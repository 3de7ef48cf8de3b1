package org.secureta.srtp.sdes;

/**
 * The lifetime of an inline master key in packets (RFC 4568 6.1), written in decimal or as
 * {@code 2^n}. It is at most 2^48, the maximum SRTP lifetime of a master key (RFC 3711 8.2, the
 * SRTCP maximum 2^31 being counted separately): a larger value could never be honoured.
 *
 * @param packets the number of packets, 1..2^48
 * @param powerOfTwo whether it is written {@code 2^n} (kept so that the attribute reads as received)
 */
public record KeyLifetime(long packets, boolean powerOfTwo) {

    public static final int MAX_EXPONENT = 48;
    public static final long MAX_PACKETS = 1L << MAX_EXPONENT;

    public KeyLifetime {
        if (packets < 1 || packets > MAX_PACKETS) {
            throw new IllegalArgumentException("lifetime must be 1..2^48 packets, not " + packets);
        }
        if (powerOfTwo && Long.bitCount(packets) != 1) {
            throw new IllegalArgumentException("lifetime " + packets + " is not a power of two");
        }
    }

    public static KeyLifetime ofPowerOfTwo(int exponent) {
        if (exponent < 0 || exponent > MAX_EXPONENT) {
            throw new IllegalArgumentException("lifetime exponent must be 0..48, not " + exponent);
        }
        return new KeyLifetime(1L << exponent, true);
    }

    /** As in the attribute: {@code 2^20} or {@code 1048576}. */
    public String text() {
        return powerOfTwo ? "2^" + Long.numberOfTrailingZeros(packets) : Long.toString(packets);
    }
}
