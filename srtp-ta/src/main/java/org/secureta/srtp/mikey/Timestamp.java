package org.secureta.srtp.mikey;

import java.time.Instant;

/**
 * The T payload (RFC 3830 section 6.6) with a 64-bit NTP timestamp: seconds since 1900 in the
 * high 32 bits, binary fraction in the low 32 bits. MIKEY relies on it for replay protection
 * (section 5.4), which is why the 32-bit COUNTER type is not accepted.
 *
 * @param tsType {@link #NTP_UTC} or {@link #NTP}; both carry the same 64-bit format
 */
record Timestamp(int tsType, long ntpValue) implements Payload {

    static final int NTP_UTC = 0;
    static final int NTP = 1;
    static final int COUNTER = 2;

    /** Seconds from the NTP epoch (1900-01-01) to the Unix epoch. */
    private static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;
    /** Length of NTP era 0 in seconds; era 1 starts in February 2036. */
    private static final long ERA_SECONDS = 1L << 32;

    Timestamp {
        if (tsType != NTP_UTC && tsType != NTP) {
            throw new IllegalArgumentException("only 64-bit NTP timestamps, not TS type " + tsType);
        }
    }

    static Timestamp ntpUtc(Instant instant) {
        long ntpSeconds = instant.getEpochSecond() + NTP_TO_UNIX_SECONDS;
        long fraction = ((long) instant.getNano() << 32) / 1_000_000_000L;
        return new Timestamp(NTP_UTC, (ntpSeconds << 32) | fraction);
    }

    Instant instant() {
        long seconds = ntpValue >>> 32;
        // RFC 4330 3: a timestamp with the top bit clear is taken as era 1 (2036 onwards).
        if ((seconds & 0x8000_0000L) == 0) {
            seconds += ERA_SECONDS;
        }
        long nanos = ((ntpValue & 0xFFFF_FFFFL) * 1_000_000_000L) >>> 32;
        return Instant.ofEpochSecond(seconds - NTP_TO_UNIX_SECONDS, nanos);
    }

    @Override
    public PayloadType type() {
        return PayloadType.T;
    }
}
