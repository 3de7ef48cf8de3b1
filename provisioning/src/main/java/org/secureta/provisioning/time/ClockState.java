package org.secureta.provisioning.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the unit's clock is synchronised, and how: the offset applied, the server and when;
 * or, while unsynchronised, why.
 */
public record ClockState(boolean synchronised, Duration offset, Optional<SntpResult> lastResult,
                         Optional<Instant> synchronisedAt, String reason) {

    public static ClockState unsynchronised(String reason) {
        return new ClockState(false, Duration.ZERO, Optional.empty(), Optional.empty(), reason);
    }

    /** The offset in seconds with a sign and millisecond precision: {@code +0.004}, {@code -12.500}. */
    public String offsetText() {
        long millis = offset.toMillis();
        return (millis < 0 ? "-" : "+") + Math.abs(millis) / 1000 + "." + String.format("%03d", Math.abs(millis) % 1000);
    }
}
