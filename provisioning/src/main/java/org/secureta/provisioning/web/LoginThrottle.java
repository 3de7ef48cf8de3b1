package org.secureta.provisioning.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Slows password guessing: after {@value #LOCK_AFTER_FAILURES} wrong passwords in a row the login
 * is locked for {@link #LOCK_TIME}, whoever asks (the unit has one administrator).
 */
final class LoginThrottle {

    static final int LOCK_AFTER_FAILURES = 5;
    static final Duration LOCK_TIME = Duration.ofSeconds(30);

    /** What became of an attempt. */
    enum Outcome { ACCEPTED, WRONG, LOCKED }

    private final Clock clock;
    private int failures;
    private Instant lockedUntil = Instant.MIN;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Checks the password with {@code check} unless the login is locked (then it is not even checked). */
    synchronized Outcome attempt(BooleanSupplier check) {
        Instant now = clock.instant();
        if (now.isBefore(lockedUntil)) {
            return Outcome.LOCKED;
        }
        if (check.getAsBoolean()) {
            failures = 0;
            return Outcome.ACCEPTED;
        }
        if (++failures >= LOCK_AFTER_FAILURES) {
            failures = 0;
            lockedUntil = now.plus(LOCK_TIME);
        }
        return Outcome.WRONG;
    }

    synchronized Instant lockedUntil() {
        return lockedUntil;
    }
}
