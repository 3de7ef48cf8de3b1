package org.secureta.launcher;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Event lines written by the launcher itself, in the unit's event format (docs/events.md):
 * {@code TIME KIND key=value ...}; values with spaces are double-quoted.
 */
final class Lines {

    private Lines() {
    }

    static String event(String kind, String... namesAndValues) {
        StringBuilder line = new StringBuilder().append(Instant.now().truncatedTo(ChronoUnit.MILLIS)).append(' ').append(kind);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            line.append(' ').append(namesAndValues[i]).append('=').append(quote(namesAndValues[i + 1]));
        }
        return line.toString();
    }

    private static String quote(String v) {
        if (!v.isEmpty() && v.chars().allMatch(c -> c > ' ' && c != '"' && c != '\\' && c < 0x7f)) {
            return v;
        }
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
