package org.secureta.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How to start one unit.
 *
 * @param distribution the folder holding {@code bundle/} (the container's bundles)
 * @param home the unit's home folder (profile, certificates, logs, key log)
 * @param profile the profile to configure the unit with; empty: the one saved in home
 * @param shell whether to start the Gogo shell on the terminal
 * @param eventsOnStdout print one line per unit event on standard output
 * @param extraBundles folders of extension bundles ({@code ta run --bundles DIR}), installed after the
 *                     distribution's; {@code HOME/bundles/} is always looked at as well
 */
record LaunchOptions(Path distribution, Path home, Optional<Path> profile, boolean shell, boolean eventsOnStdout,
                     List<Path> extraBundles) {

    LaunchOptions {
        extraBundles = List.copyOf(extraBundles);
    }

    /** A unit with the distribution's bundles and those of {@code HOME/bundles/}. */
    LaunchOptions(Path distribution, Path home, Optional<Path> profile, boolean shell, boolean eventsOnStdout) {
        this(distribution, home, profile, shell, eventsOnStdout, List.of());
    }

    /** Where extension bundles are looked for: the given folders, then the home's {@code bundles/}. */
    List<Path> extensionFolders() {
        List<Path> folders = new java.util.ArrayList<>(extraBundles);
        folders.add(home.resolve("bundles"));
        return folders;
    }

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
