package org.secureta.proxykit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SIP proxies SecureTA is tested with and demonstrated against, and where this machine has
 * them: the executable named by the environment variable ({@code SECURETA_OPENSIPS},
 * {@code SECURETA_KAMAILIO}), else the one on PATH, else /usr/sbin or /usr/local/sbin.
 */
public enum Proxy {
    /** Kamailio 5.x (Debian's packages kamailio and kamailio-tls-modules). */
    KAMAILIO("kamailio", "Kamailio", "kamailio-5", "SECURETA_KAMAILIO",
            "install the packages kamailio and kamailio-tls-modules"),
    /** OpenSIPS 3.x (checked with 3.4). */
    OPENSIPS("opensips", "OpenSIPS", "opensips-3", "SECURETA_OPENSIPS",
            "install OpenSIPS 3.4 (packages opensips and opensips-tls-module, or a build from its release source)"
                    + " and put its sbin on PATH or name the binary in SECURETA_OPENSIPS");

    private final String command;
    private final String displayName;
    private final String target;
    private final String variable;
    private final String installHint;

    Proxy(String command, String displayName, String target, String variable, String installHint) {
        this.command = command;
        this.displayName = displayName;
        this.target = target;
        this.variable = variable;
        this.installHint = installHint;
    }

    /** The name on the command line, {@code --proxy kamailio|opensips}. */
    public String command() {
        return command;
    }

    public String displayName() {
        return displayName;
    }

    /** The {@code ta opensips-config --target} that writes its configuration. */
    public String target() {
        return target;
    }

    /** The environment variable that names its executable. */
    public String variable() {
        return variable;
    }

    public String installHint() {
        return installHint;
    }

    public static Optional<Proxy> parse(String name) {
        for (Proxy p : values()) {
            if (p.command.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The executable on this machine, if any. */
    public Optional<Path> find() {
        return find(System.getenv());
    }

    Optional<Path> find(java.util.Map<String, String> env) {
        String named = env.get(variable);
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, command));
            }
        }
        candidates.add(Path.of("/usr/sbin", command));
        candidates.add(Path.of("/usr/local/sbin", command));
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /** Why it cannot be used here (for a skipped test or a refused command). */
    public String absence() {
        String named = System.getenv(variable);
        if (named != null && !named.isBlank()) {
            return command + " is not runnable here: " + variable + "=" + named + " is no executable file";
        }
        return command + " is not installed here (looked in " + variable + ", on PATH, in /usr/sbin and /usr/local/sbin): " + installHint;
    }

    /** The proxies this machine has, in declaration order. */
    public static List<Proxy> present() {
        return java.util.Arrays.stream(values()).filter(p -> p.find().isPresent()).toList();
    }
}
