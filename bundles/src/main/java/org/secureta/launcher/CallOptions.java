package org.secureta.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code ta call PROFILE USER [--home DIR] [--seconds N]}.
 *
 * @param profile the unit's profile
 * @param user whom to call: a user at the line's gateway, or a full {@code sip:} URI
 * @param home the unit's home folder (default: beside the profile, as {@code ta run})
 * @param audio how long audio flows before the hang-up
 */
record CallOptions(Path profile, String user, Path home, Duration audio) {

    static final int DEFAULT_SECONDS = 3;
    /** Long enough for any lab call; longer is a typo rather than a test. */
    static final int MAX_SECONDS = 3600;

    static final String USAGE = "usage: ta call PROFILE USER [--home DIR] [--seconds N]   (N: 1.." + MAX_SECONDS
            + " seconds of audio, default " + DEFAULT_SECONDS + ")";

    /** A bad command line, with what was wrong. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    static CallOptions parse(List<String> args) throws Invalid {
        List<String> positional = new ArrayList<>();
        Path home = null;
        Integer seconds = null;
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            switch (a) {
                case "--home" -> {
                    if (home != null) {
                        throw new Invalid("ta call: --home given twice");
                    }
                    home = Path.of(value(rest, "--home", "a folder"));
                }
                case "--seconds" -> {
                    if (seconds != null) {
                        throw new Invalid("ta call: --seconds given twice");
                    }
                    seconds = seconds(value(rest, "--seconds", "a number of seconds"));
                }
                default -> {
                    if (a.startsWith("-") && a.length() > 1) {
                        throw new Invalid("ta call: unknown option " + a + " (allowed: --home DIR, --seconds N)");
                    }
                    positional.add(a);
                }
            }
        }
        if (positional.size() != 2) {
            throw new Invalid("ta call: give PROFILE and USER (got " + positional.size() + " argument"
                    + (positional.size() == 1 ? "" : "s") + (positional.isEmpty() ? "" : ": " + String.join(" ", positional)) + ")");
        }
        String user = positional.get(1);
        if (user.isBlank() || user.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new Invalid("ta call: USER '" + user + "' holds spaces or control characters");
        }
        Path profile = Path.of(positional.get(0));
        return new CallOptions(profile, user, home == null ? LaunchOptions.defaultHome(profile) : home,
                Duration.ofSeconds(seconds == null ? DEFAULT_SECONDS : seconds));
    }

    private static String value(List<String> rest, String option, String what) throws Invalid {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new Invalid("ta call: " + option + " needs " + what);
        }
        return rest.remove(0);
    }

    private static int seconds(String text) throws Invalid {
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new Invalid("ta call: --seconds '" + text + "' is not a whole number (allowed: 1.." + MAX_SECONDS + ")");
        }
        if (n < 1 || n > MAX_SECONDS) {
            throw new Invalid("ta call: --seconds " + n + " is out of range (allowed: 1.." + MAX_SECONDS + ")");
        }
        return n;
    }
}
