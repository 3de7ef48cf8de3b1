package org.secureta.launcher.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.secureta.proxykit.Proxy;

/**
 * A proxy configuration written by {@code ta opensips-config PROFILE --target kamailio-5|opensips-3}.
 *
 * @param script  the main script (Kamailio's tls.cfg beside it)
 * @param command the command line that wrote it, as the engineer would type it
 * @param output  what the command printed (files written, warnings)
 */
public record ProxyConfig(Path script, String command, String output) {

    /**
     * Writes the configuration for {@code kind}; for OpenSIPS with the module directory beside
     * {@code executable} (as {@code opensips-config} finds it beside an opensips on PATH).
     */
    public static ProxyConfig generate(Path distribution, Path profile, Path outDir, Path certDir, Proxy kind, Path executable)
            throws Exception {
        return generate(distribution, profile, outDir, certDir, kind, executable, List.of());
    }

    /** As {@link #generate(Path, Path, Path, Path, Proxy, Path)}, with more options of the command (e.g. {@code --connection-lifetime 6}). */
    public static ProxyConfig generate(Path distribution, Path profile, Path outDir, Path certDir, Proxy kind, Path executable,
                                       List<String> options) throws Exception {
        List<String> args = new ArrayList<>(List.of(profile.toString(), "--target", kind.target(), "--out", outDir.toString(),
                "--cert-dir", certDir.toString()));
        args.addAll(options);
        if (kind == Proxy.OPENSIPS) {
            args.addAll(List.of("--module-path", modulesBeside(executable).toString()));
        }
        String output = LabKit.Tool.run(distribution, "opensips-config", args);
        return new ProxyConfig(outDir.resolve(kind == Proxy.KAMAILIO ? "kamailio.cfg" : "opensips.cfg"),
                "ta opensips-config " + String.join(" ", args), output);
    }

    /** PREFIX/lib64/opensips/modules or PREFIX/lib/opensips/modules for PREFIX/sbin/opensips; else Debian's. */
    public static Path modulesBeside(Path executable) {
        Path real = executable;
        try {
            real = executable.toRealPath();
        } catch (java.io.IOException e) {
            // as given
        }
        Path prefix = real.getParent() == null ? null : real.getParent().getParent();
        if (prefix != null) {
            for (String under : List.of("lib64/opensips/modules", "lib/opensips/modules")) {
                if (Files.isDirectory(prefix.resolve(under))) {
                    return prefix.resolve(under);
                }
            }
        }
        return Path.of("/usr/lib/x86_64-linux-gnu/opensips/modules");
    }
}
