package org.secureta.transport.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When to try again after a failure: the first retry after {@code base}, each further one after
 * twice the previous delay up to {@code cap}, every delay spread by a random factor in
 * [1 - jitter, 1 + jitter]. The spread matters more than the back-off: units that lose their
 * proxy together (it restarted) would otherwise all retry in the same instant, and a herd of
 * REGISTERs arriving within a fraction of a second is what once brought a registrar down.
 * RFC 5626 section 4.5 recommends the same shape (exponential, capped, randomised) for flow
 * recovery.
 */
public record RetryPolicy(Duration base, Duration cap, double jitter) {

    /** The spread the unit applies: +-25 % of each delay. */
    public static final double DEFAULT_JITTER = 0.25;

    public RetryPolicy {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("retry base " + base + " must be positive");
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("retry cap " + cap + " is below the base " + base);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter " + jitter + " out of range [0, 1)");
        }
    }

    /** SipEp.DefaultRegistrationRetryTime and SecureTA.RegistrationRetryMaxTime, in seconds; a cap below the base is the base. */
    public static RetryPolicy ofSeconds(int baseSeconds, int capSeconds) {
        return new RetryPolicy(Duration.ofSeconds(baseSeconds), Duration.ofSeconds(Math.max(baseSeconds, capSeconds)), DEFAULT_JITTER);
    }

    /** The delay before attempt {@code failures + 1}, after {@code failures} (>= 1) failed in a row, without jitter. */
    public Duration nominal(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures " + failures + " must be at least 1");
        }
        // Doubling past 2^30 overflows and the cap is reached long before.
        int doublings = Math.min(failures - 1, 30);
        long millis = base.toMillis() << doublings;
        return millis <= 0 || millis > cap.toMillis() ? cap : Duration.ofMillis(millis);
    }

    /** The delay before the next attempt after {@code failures} (>= 1) failures in a row, spread by {@code random}. */
    public Duration delay(int failures, RandomGenerator random) {
        double factor = 1 - jitter + 2 * jitter * random.nextDouble();
        return Duration.ofMillis(Math.max(1, Math.round(nominal(failures).toMillis() * factor)));
    }
}
