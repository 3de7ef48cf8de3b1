package org.secureta.provisioning.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The unit's time: the host's clock corrected by the offset the last SNTP synchronisation
 * measured. Certificate validity is checked against it. The emulator never sets the host's
 * clock; it only keeps the correction.
 */
public final class UnitClock extends Clock {

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    public UnitClock(Clock base) {
        this.base = base;
    }

    public static UnitClock systemUtc() {
        return new UnitClock(Clock.systemUTC());
    }

    public Duration offset() {
        return offset;
    }

    void setOffset(Duration offset) {
        this.offset = offset;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Always UTC: the unit's zone is not configurable here. */
    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("the unit clock is UTC");
        }
        return this;
    }

    @Override
    public String toString() {
        return "UnitClock[offset=" + offset + "]";
    }
}
