package org.secureta.launcher.scenario;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Finds the Debian tools the scenarios drive (kamailio, kamcmd, tshark). */
final class Tools {

    /** The PATH, then where Debian puts system tools (/usr/sbin is often not on a user's PATH). */
    private static final List<Path> USUAL_PLACES = List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin"), Path.of("/usr/bin"));

    private Tools() {
    }

    static Optional<Path> find(String tool) {
        Set<Path> places = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    places.add(Path.of(dir));
                }
            }
        }
        places.addAll(USUAL_PLACES);
        return places.stream().map(dir -> dir.resolve(tool)).filter(Files::isExecutable).findFirst();
    }

    static Path require(String tool, String debianPackages) throws MissingToolException {
        return find(tool).orElseThrow(() -> new MissingToolException(tool, tool + " is not installed (looked on the PATH, in "
                + "/usr/sbin, /usr/local/sbin and /usr/bin); install it with: apt-get install " + debianPackages));
    }
}
