package org.secureta.opensips.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where an OpenSIPS installation keeps its modules, for the script's {@code mpath}. OpenSIPS
 * 3.x has no module directory of its own (3.4.18 built from source: without {@code mpath} every
 * {@code loadmodule "x.so"} fails with "could not open module"), and 1.x looks up relative
 * module names the same way. In order: {@code --module-path DIR}; the {@code opensips} found on
 * PATH (its prefix's {@code lib64/opensips/modules} or {@code lib/opensips/modules}, as
 * {@code make install} lays them out); the Debian/Ubuntu packages' directory.
 *
 * @param directory the module directory, written into the script
 * @param origin    where it came from, for the command's output
 */
public record ModulePath(Path directory, String origin) {

    /** The modules directory of Debian's and Ubuntu's opensips packages (amd64). */
    public static final Path DEBIAN = Path.of("/usr/lib/x86_64-linux-gnu/opensips/modules");

    static final List<String> UNDER_PREFIX = List.of("lib64/opensips/modules", "lib/opensips/modules");

    /**
     * @param option  the {@code --module-path} value, if given
     * @param pathEnv the PATH to look for {@code opensips} in (may be null)
     */
    public static ModulePath resolve(Optional<String> option, String pathEnv) {
        if (option.isPresent()) {
            return new ModulePath(Path.of(option.get()).toAbsolutePath().normalize(), "--module-path");
        }
        Optional<Path> binary = onPath("opensips", pathEnv);
        if (binary.isPresent()) {
            Path real = binary.get();
            try {
                real = real.toRealPath();
            } catch (java.io.IOException e) {
                // keep the PATH entry as found
            }
            Path prefix = real.getParent() == null ? null : real.getParent().getParent();
            if (prefix != null) {
                for (String under : UNDER_PREFIX) {
                    Path dir = prefix.resolve(under);
                    if (Files.isDirectory(dir)) {
                        return new ModulePath(dir, "the opensips on PATH, " + binary.get());
                    }
                }
            }
        }
        return new ModulePath(DEBIAN, binary.isPresent()
                ? "the Debian/Ubuntu packages' path: " + binary.get() + " has no lib64/opensips/modules or lib/opensips/modules beside it"
                : "the Debian/Ubuntu packages' path: no opensips on PATH");
    }

    static Optional<Path> onPath(String command, String pathEnv) {
        if (pathEnv == null || pathEnv.isBlank()) {
            return Optional.empty();
        }
        for (String dir : pathEnv.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The value of {@code mpath}: OpenSIPS joins it and the module name, so it ends with '/'. */
    String scriptValue() {
        String s = directory.toString();
        return s.endsWith("/") ? s : s + "/";
    }
}
