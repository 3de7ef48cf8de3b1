package org.secureta.launcher;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to start one unit.
 *
 * @param distribution the folder holding {@code bundle/} (the container's bundles)
 * @param home the unit's home folder (profile, certificates, logs, key log)
 * @param profile the profile to configure the unit with; empty: the one saved in home
 * @param shell whether to start the Gogo shell on the terminal
 * @param eventsOnStdout print one line per unit event on standard output
 */
record LaunchOptions(Path distribution, Path home, Optional<Path> profile, boolean shell, boolean eventsOnStdout) {

    /**
     * The default home of a profile: a folder beside it, named after it
     * ({@code lab/unit1.profile} lives in {@code lab/unit1.home/}).
     */
    static Path defaultHome(Path profile) {
        String name = profile.getFileName().toString();
        String base = name.endsWith(".profile") ? name.substring(0, name.length() - ".profile".length()) : name;
        Path parent = profile.toAbsolutePath().getParent();
        return parent.resolve(base + ".home");
    }
}
