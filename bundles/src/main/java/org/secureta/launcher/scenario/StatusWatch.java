package org.secureta.launcher.scenario;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.secureta.launcher.RunningUnit;

/**
 * Waits on a unit's {@code ta:status} for an event that happens after a moment the scenario
 * caused (a proxy killed, a link silenced): the status keeps the latest line of each subject,
 * with its time stamp, so a new event is a line that differs from the one seen before.
 */
final class StatusWatch {

    private static final long POLL_MILLIS = 50;

    private StatusWatch() {
    }

    /** The unit's line holding every fragment right now, or "" when there is none. */
    static String now(RunningUnit unit, String... fragments) throws ReflectiveOperationException {
        return unit.statusLine(fragments).orElse("");
    }

    /**
     * Waits until a status line holds every fragment and is not {@code before} (an earlier line
     * of the same subject); empty when none came within {@code timeout}.
     */
    static Optional<String> awaitNew(RunningUnit unit, Duration timeout, String before, String... fragments) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            Optional<String> line = unit.status().lines()
                    .filter(l -> Arrays.stream(fragments).allMatch(l::contains) && !l.equals(before)).findFirst();
            if (line.isPresent()) {
                return line;
            }
            Thread.sleep(POLL_MILLIS);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    /** Waits until a status line passes {@code test}; empty when none did within {@code timeout}. */
    static Optional<String> await(RunningUnit unit, Duration timeout, java.util.function.Predicate<String> test) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            Optional<String> line = unit.status().lines().filter(test).findFirst();
            if (line.isPresent()) {
                return line;
            }
            Thread.sleep(POLL_MILLIS);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    /** Waits until call {@code id} of the unit is Connected, Ended or Failed: that line, or empty. */
    static Optional<String> awaitCallOutcome(RunningUnit unit, Duration timeout, String id) throws Exception {
        return await(unit, timeout, l -> l.contains("CALL call=" + id + " ")
                && (l.contains("state=Connected") || l.contains("state=Failed") || l.contains("state=Ended")));
    }

    /** When the unit posted the event of a status line (its leading ISO-8601 time stamp). */
    static java.time.Instant time(String line) {
        String first = line.strip().split(" ", 2)[0];
        try {
            return java.time.Instant.parse(first);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("no time stamp at the start of the status line '" + line + "'", e);
        }
    }

    /** The time from {@code from} to {@code to}, as {@link #seconds(long)} writes it. */
    static String between(java.time.Instant from, java.time.Instant to) {
        return seconds(Duration.between(from, to).toNanos());
    }

    /** Seconds with one decimal, for the report. */
    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
