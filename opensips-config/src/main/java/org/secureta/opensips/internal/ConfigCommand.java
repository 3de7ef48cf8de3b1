package org.secureta.opensips.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.secureta.opensips.internal.Arguments.UsageException;
import org.secureta.opensips.internal.ProxyPlan.CertificateFiles;
import org.secureta.provisioning.profile.DeviceSchema;
import org.secureta.provisioning.profile.Profile;
import org.secureta.provisioning.profile.ProfileError;
import org.secureta.provisioning.profile.ProfileException;
import org.secureta.provisioning.profile.ProfileParser;
import org.secureta.transport.pki.AtomicFiles;
import org.secureta.transport.pki.PkiException;

/** {@code opensips-config PROFILE --target T --out DIR [--cert-dir DIR]}. */
public final class ConfigCommand {

    public static final String NAME = "opensips-config";
    public static final String USAGE = "usage: " + NAME + " PROFILE --target " + String.join("|", targets())
            + " --out DIR [--cert-dir DIR] [--module-path DIR] [--connection-lifetime SECONDS]\n"
            + "  writes a TLS registrar/proxy configuration for the units of PROFILE into DIR;\n"
            + "  --cert-dir holds proxy.crt, proxy.key and ca.crt (default: DIR; make them with `certs`)\n"
            + "  --module-path is the OpenSIPS modules directory (default: beside the opensips on PATH,\n"
            + "  else " + ModulePath.DEBIAN + ")\n"
            + "  --connection-lifetime is how long the proxy keeps an idle TLS link, seconds (default "
            + ProxyPlanner.CONNECTION_LIFETIME + ";\n"
            + "  a short one replays the guide's idle-drop problem, see `ta scenario idle-drop`)\n";

    private ConfigCommand() {
    }

    private static List<String> targets() {
        return java.util.Arrays.stream(ProxyTarget.values()).map(ProxyTarget::cliName).toList();
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv("PATH"));
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, looking for {@code opensips} in {@code pathEnv}. */
    public static int run(String[] args, PrintStream out, PrintStream err, String pathEnv) {
        Arguments a;
        try {
            a = Arguments.parse(NAME, args, Set.of("target", "out", "cert-dir", "module-path", "connection-lifetime"), Set.of());
            if (a.positional().size() != 1) {
                throw new UsageException(NAME + ": " + (a.positional().isEmpty() ? "give one PROFILE" : "one PROFILE at a time, got " + a.positional()));
            }
        } catch (UsageException e) {
            return usage(err, e.getMessage());
        }
        String targetName = a.option("target").orElse(null);
        if (targetName == null) {
            return usage(err, NAME + ": --target is required (allowed: " + ProxyTarget.allowed() + ")");
        }
        ProxyTarget target = ProxyTarget.parse(targetName).orElse(null);
        if (target == null) {
            return usage(err, NAME + ": unknown target '" + targetName + "' (allowed: " + ProxyTarget.allowed() + ")");
        }
        if (a.option("out").isEmpty()) {
            return usage(err, NAME + ": --out DIR is required");
        }
        Path profileFile = Path.of(a.positional().get(0));
        Path outDir = Path.of(a.option("out").get());
        Path certDir = Path.of(a.option("cert-dir").orElse(a.option("out").get()));
        if (!Files.isRegularFile(profileFile)) {
            err.println(NAME + ": no profile file " + profileFile);
            return org.secureta.opensips.Cli.BAD_INPUT;
        }
        Profile profile;
        try {
            profile = new ProfileParser(DeviceSchema.DGW_2_0).parse(profileFile);
        } catch (ProfileException e) {
            for (ProfileError error : e.errors()) {
                err.println(error);
            }
            err.println(NAME + ": " + profileFile + " was refused; nothing was written");
            return org.secureta.opensips.Cli.BAD_INPUT;
        } catch (IOException e) {
            err.println(NAME + ": cannot read " + profileFile + ": " + e.getMessage());
            return org.secureta.opensips.Cli.BAD_INPUT;
        }
        int lifetime = ProxyPlanner.CONNECTION_LIFETIME;
        if (a.option("connection-lifetime").isPresent()) {
            String given = a.option("connection-lifetime").get();
            try {
                lifetime = Integer.parseInt(given);
            } catch (NumberFormatException e) {
                lifetime = -1;
            }
            if (lifetime < ProxyPlanner.MIN_CONNECTION_LIFETIME || lifetime > ProxyPlanner.MAX_CONNECTION_LIFETIME) {
                return usage(err, NAME + ": --connection-lifetime '" + given + "' is not a number of seconds from "
                        + ProxyPlanner.MIN_CONNECTION_LIFETIME + " to " + ProxyPlanner.MAX_CONNECTION_LIFETIME);
            }
        }
        String source = profileFile.getFileName().toString();
        ProxyPlan plan;
        try {
            plan = ProxyPlanner.plan(profile, source, CertificateFiles.in(certDir), lifetime);
        } catch (PlanException e) {
            err.println(NAME + ": " + source + ": " + e.getMessage());
            return org.secureta.opensips.Cli.BAD_INPUT;
        }
        if (target == ProxyTarget.KAMAILIO_5 && a.option("module-path").isPresent()) {
            return usage(err, NAME + ": --module-path is for the OpenSIPS targets (Kamailio knows its own module directory)");
        }
        ModulePath modules = ModulePath.resolve(a.option("module-path"), pathEnv);
        GeneratedConfig config = switch (target) {
            case KAMAILIO_5 -> KamailioConfig.render(plan);
            case OPENSIPS_3 -> OpenSips3Config.render(plan, modules, outDir);
            case OPENSIPS_1 -> OpenSips1Config.render(plan, modules, outDir);
        };
        for (String note : plan.notes()) {
            err.println(NAME + ": note: " + note);
        }
        for (String warning : config.warnings()) {
            err.println(NAME + ": warning: " + warning);
        }
        List<String> certificateProblems = CertificateFilesCheck.check(plan);
        for (String problem : certificateProblems) {
            err.println(NAME + ": warning: " + problem);
        }
        try {
            Files.createDirectories(outDir);
            List<Path> written = new ArrayList<>();
            for (Map.Entry<String, String> file : config.files().entrySet()) {
                Path path = outDir.resolve(file.getKey());
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                if (config.secretFiles().contains(file.getKey())) {
                    AtomicFiles.writeSecret(path, content);
                } else {
                    AtomicFiles.writePublic(path, content);
                }
                written.add(path);
            }
            List<String> secret = config.secretFiles().stream().toList();
            // "an opensips-3", "a kamailio-5": the article follows the name's first sound.
            out.println("Wrote " + (target.cliName().startsWith("o") ? "an " : "a ") + target.cliName() + " configuration for " + source + ":");
            for (Path p : written) {
                out.println("  " + p + (secret.contains(p.getFileName().toString()) ? " (owner-only: it holds the lines' passwords)" : ""));
            }
            if (target != ProxyTarget.KAMAILIO_5) {
                out.println("OpenSIPS modules: " + modules.directory() + " (from " + modules.origin() + ")");
                if (!Files.isDirectory(modules.directory())) {
                    err.println(NAME + ": warning: " + modules.directory() + " does not exist here: give --module-path DIR where the"
                            + " proxy's modules are (PREFIX/lib64/opensips/modules for a source build)");
                }
            }
            out.println("TLS sockets: " + String.join(", ", plan.listens().stream().map(l -> "tls:" + l.socket()).toList()));
            out.println("It expects the proxy's certificate files (make them with `certs`):");
            out.println("  " + plan.certificates().certificate() + "   certificate (its SAN must name "
                    + String.join(", ", plan.listens().stream().map(ServerAddress::host).distinct().toList()) + ")");
            out.println("  " + plan.certificates().privateKey() + "   private key");
            out.println("  " + plan.certificates().caList() + "   CA list (the CA of the units' Host certificates)");
            return org.secureta.opensips.Cli.OK;
        } catch (IOException | PkiException e) {
            err.println(NAME + ": cannot write to " + outDir + ": " + e.getMessage());
            return org.secureta.opensips.Cli.FAILED;
        }
    }

    private static int usage(PrintStream err, String message) {
        err.println(message);
        err.print(USAGE);
        return org.secureta.opensips.Cli.BAD_INPUT;
    }
}
