package org.secureta.transport.pki;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A certificate's validity period (RFC 5280 4.1.2.5). X.509 dates have a one-second resolution,
 * so both ends are truncated to seconds.
 */
public record Validity(Instant notBefore, Instant notAfter) {

    public Validity {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
        notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (notAfter.isBefore(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is before notBefore " + notBefore);
        }
    }

    public static Validity between(Instant notBefore, Instant notAfter) {
        return new Validity(notBefore, notAfter);
    }

    /**
     * Valid from one hour before the clock's now (tolerating a peer whose clock is slightly
     * behind) for the given number of days.
     */
    public static Validity startingNow(Clock clock, int days) {
        Instant now = clock.instant();
        return new Validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(days)));
    }

    /** A period that ended the given time before the clock's now: an expired certificate. */
    public static Validity expiredSince(Clock clock, Duration ago) {
        Instant end = clock.instant().minus(ago);
        return new Validity(end.minus(Duration.ofDays(365)), end);
    }

    /** A period that starts the given time after the clock's now: a not-yet-valid certificate. */
    public static Validity startingIn(Clock clock, Duration later) {
        Instant start = clock.instant().plus(later);
        return new Validity(start, start.plus(Duration.ofDays(365)));
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
    }
}
