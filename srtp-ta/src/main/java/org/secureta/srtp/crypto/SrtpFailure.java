package org.secureta.srtp.crypto;

/**
 * Why {@code protect} or {@code unprotect} refused a packet. The methods return a packet length
 * (zero or more) on success and the negative {@link #code()} of one of these on failure, so that
 * the packet path allocates nothing; {@link #fromResult(int)} turns a result back into a name.
 */
public enum SrtpFailure {
    /** Too short for its headers, not RTP/RTCP version 2, or a header longer than the packet. */
    MALFORMED(-1, "malformed or truncated packet"),
    /** The authentication tag does not match (RFC 3711 3.3 step 5): tampered, wrong key or wrong ROC. */
    AUTHENTICATION_FAILED(-2, "authentication tag mismatch"),
    /** The packet index was seen already or is older than the 64-packet replay window (RFC 3711 3.3.2). */
    REPLAYED(-3, "replayed or older than the replay window"),
    /** The MKI in the packet is not the one of this context's master key (RFC 3711 3.1). */
    UNKNOWN_MKI(-4, "unknown master key identifier"),
    /** {@code protect} only: the array has no room after the packet for the MKI and the tag. */
    BUFFER_TOO_SMALL(-5, "no room for the MKI and authentication tag"),
    /** The master key's packet budget is spent (2^48 SRTP or 2^31 SRTCP packets, RFC 3711 9.2): re-key. */
    KEY_EXHAUSTED(-6, "master key lifetime reached"),
    /** A new SSRC arrived while the context already tracks its maximum number of streams. */
    TOO_MANY_STREAMS(-7, "too many SSRCs for one context");

    private static final SrtpFailure[] BY_CODE = values();

    private final int code;
    private final String description;

    SrtpFailure(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The negative value {@code protect}/{@code unprotect} return for this failure. */
    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** Whether a {@code protect}/{@code unprotect} result is a failure rather than a length. */
    public static boolean isFailure(int result) {
        return result < 0;
    }

    /**
     * The failure a negative result stands for.
     *
     * @throws IllegalArgumentException if {@code result} is a length (zero or more) or no known code
     */
    public static SrtpFailure fromResult(int result) {
        int ordinal = -result - 1;
        if (result >= 0 || ordinal >= BY_CODE.length) {
            throw new IllegalArgumentException("not an SRTP failure code: " + result);
        }
        return BY_CODE[ordinal];
    }
}
