package org.secureta.provisioning.time;

import java.time.Instant;

/**
 * The NTP timestamp format (RFC 4330 section 3): seconds since 1900-01-01 in the high 32 bits,
 * the fraction of a second in the low 32. Era 0 ends in 2036; from then on timestamps whose top
 * bit is clear are read as era 1 (the RFC 4330 section 3 convention), which holds until 2104.
 */
final class NtpTimestamp {

    /** Seconds from 1900-01-01 (NTP) to 1970-01-01 (Unix). */
    static final long SECONDS_1900_TO_1970 = 2_208_988_800L;
    private static final long ERA = 1L << 32;

    private NtpTimestamp() {
    }

    static long of(Instant instant) {
        long seconds = instant.getEpochSecond() + SECONDS_1900_TO_1970;
        long fraction = ((long) instant.getNano() << 32) / 1_000_000_000L;
        return ((seconds % ERA) << 32) | fraction;
    }

    static Instant toInstant(long timestamp) {
        long seconds = timestamp >>> 32;
        long fraction = timestamp & 0xFFFF_FFFFL;
        if ((seconds & 0x8000_0000L) == 0) {
            seconds += ERA; // after 2036-02-07: era 1
        }
        long nanos = (fraction * 1_000_000_000L) >>> 32;
        return Instant.ofEpochSecond(seconds - SECONDS_1900_TO_1970, nanos);
    }
}
