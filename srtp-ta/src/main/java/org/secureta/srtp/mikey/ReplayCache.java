package org.secureta.srtp.mikey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Timestamp-based replay protection of RFC 3830 section 5.4: a message whose T lies outside the
 * allowed clock skew is refused, and one already accepted within that window is refused as a
 * replay. Entries are only added after the message's MAC checked out, and leave once their
 * timestamp would be refused as stale anyway.
 */
final class ReplayCache {

    static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);
    static final int DEFAULT_CAPACITY = 10_000;

    private final Clock clock;
    private final Duration skew;
    private final int capacity;
    private final Map<String, Instant> seen = new HashMap<>();

    ReplayCache(Clock clock, Duration skew, int capacity) {
        if (skew.isNegative() || skew.isZero()) {
            throw new IllegalArgumentException("clock skew must be positive, not " + skew);
        }
        this.clock = clock;
        this.skew = skew;
        this.capacity = capacity;
    }

    Clock clock() {
        return clock;
    }

    Duration skew() {
        return skew;
    }

    /** Refuses a timestamp further than the allowed skew from our clock, in the past or the future. */
    void checkFresh(Timestamp timestamp, int offset) throws MikeyException {
        Instant now = clock.instant();
        Instant sent = timestamp.instant();
        Duration distance = Duration.between(now, sent).abs();
        if (distance.compareTo(skew) > 0) {
            throw MikeyException.at("T", offset, "timestamp " + sent + " is " + distance.toSeconds() + " s "
                    + (sent.isBefore(now) ? "behind" : "ahead of") + " our clock (" + now
                    + "), outside the allowed clock skew of " + skew.toSeconds() + " s (RFC 3830 5.4)");
        }
    }

    /** Records an authenticated message, refusing one with the same data type, CSB ID, T and RAND. */
    synchronized void remember(DataType dataType, int csbId, Timestamp timestamp, byte[] rand, int offset)
            throws MikeyException {
        Instant now = clock.instant();
        seen.values().removeIf(expiry -> expiry.isBefore(now));
        String key = dataType.code() + "/" + Integer.toHexString(csbId) + "/" + Long.toHexString(timestamp.ntpValue())
                + "/" + HexFormat.of().formatHex(rand);
        if (seen.containsKey(key)) {
            throw MikeyException.at("T", offset, "replayed message: a " + dataType.label() + " message with CSB ID "
                    + String.format("0x%08X", csbId) + ", this timestamp and this RAND was already accepted (RFC 3830 5.4)");
        }
        if (seen.size() >= capacity) {
            throw MikeyException.at("T", offset, "replay cache full (" + capacity
                    + " messages within the clock skew window); refusing rather than forgetting");
        }
        Instant sent = timestamp.instant();
        seen.put(key, (sent.isAfter(now) ? sent : now).plus(skew));
    }
}
