package org.secureta.launcher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./ta}: starts SecureTA units in a Felix container.
 *
 * <pre>
 * ta demo                                  the main job (see Demo)
 * ta run PROFILE [--home DIR] [--bundles DIR]... [--no-shell]  one unit configured by PROFILE
 * ta run --home DIR [--bundles DIR]... [--no-shell]          one unit with the profile saved in DIR
 * ta help
 * </pre>
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    /** {@code ta call}: the registrar refused the line (AuthFailed, Rejected) or the line cannot register as configured. */
    static final int REGISTRATION_REFUSED = 3;
    static final int USAGE = 64;

    private Main() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (Exception e) {
            System.err.println("ta: " + e);
            code = FAILED;
        }
        System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(usage());
            return args.length == 0 ? USAGE : OK;
        }
        Path distribution = distribution();
        switch (args[0]) {
            case "run":
                return runUnit(distribution, List.of(args).subList(1, args.length), out, err);
            case "certs":
            case "opensips-config":
                return ProxyTools.run(distribution, args[0], java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
            case "call":
                return OneShotCall.run(distribution, List.of(args).subList(1, args.length), out, err);
            case "scenario":
                return org.secureta.launcher.scenario.ScenarioCommand.run(distribution, List.of(args).subList(1, args.length), out, err);
            case "demo":
                return new Demo(distribution, out).run(List.of(args).subList(1, args.length));
            default:
                err.println("ta: unknown command '" + args[0] + "'");
                err.print(usage());
                return USAGE;
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: ta COMMAND",
                "",
                "  ta demo [--home DIR] [--bundles DIR]... [--proxy kamailio|opensips] [--break host-certificate]",
                "                                            two units back to back over TLS: CA, certificates, SNTP,",
                "                                            SDES then MIKEY calls each way; report; non-zero on failure",
                "  ta run PROFILE [--home DIR] [--no-shell]  run one unit configured by PROFILE",
                "                                            (home default: PROFILE's folder/NAME.home)",
                "  ta run --home DIR [--no-shell]            run the unit whose profile is saved in DIR",
                "         [--bundles DIR]...                 with the extension bundles of DIR (and always HOME/bundles/)",
                "  ta call PROFILE USER [--home DIR] [--seconds N]",
                "                                            start the unit, call USER once its line is up, N s of audio",
                "                                            (default 3), hang up, summary; non-zero unless the audio",
                "                                            decrypted (and the call was secure if the profile says Secure)",
                "  ta certs --out DIR [--proxy-host H]... [--unit NAME]...  CA, proxy and unit certificates",
                "  ta opensips-config PROFILE --target opensips-3|opensips-1|kamailio-5 --out DIR [--module-path DIR]",
                "                                            proxy configuration matching a unit's profile",
                "  ta scenario --list | ta scenario NAME [--dir DIR] [--proxy kamailio|opensips]",
                "                                            replay a troubleshooting case of the guide against a local",
                "                                            Kamailio (default) or OpenSIPS",
                "  ta test                                   install what the tests need and run them all",
                "  ta help                                   this text",
                "",
                "With --no-shell the unit prints one line per event on standard output (docs/events.md);",
                "otherwise the Gogo shell offers ta:status, ta:get, ta:set, ta:profile, ta:restart.",
                "");
    }

    private static int runUnit(Path distribution, List<String> args, PrintStream out, PrintStream err) throws Exception {
        Optional<Path> profile = Optional.empty();
        Path home = null;
        boolean shell = true;
        List<Path> extraBundles = new ArrayList<>();
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            if (a.equals("--no-shell")) {
                shell = false;
            } else if (a.equals("--bundles")) {
                if (rest.isEmpty()) {
                    err.println("ta run: --bundles needs a folder of extension bundles");
                    return USAGE;
                }
                Path folder = Path.of(rest.remove(0));
                if (!Files.isDirectory(folder)) {
                    err.println("ta run: --bundles " + folder + " is not a folder");
                    return USAGE;
                }
                extraBundles.add(folder.toAbsolutePath());
            } else if (a.equals("--home")) {
                if (rest.isEmpty()) {
                    err.println("ta run: --home needs a folder");
                    return USAGE;
                }
                home = Path.of(rest.remove(0));
            } else if (a.startsWith("-")) {
                err.println("ta run: unknown option " + a);
                return USAGE;
            } else if (profile.isEmpty()) {
                profile = Optional.of(Path.of(a));
            } else {
                err.println("ta run: one profile at a time (got " + profile.get() + " and " + a + ")");
                return USAGE;
            }
        }
        if (profile.isPresent() && !Files.isRegularFile(profile.get())) {
            err.println("ta run: no profile file " + profile.get());
            return USAGE;
        }
        if (home == null) {
            if (profile.isEmpty()) {
                err.println("ta run: give a PROFILE, or --home DIR of a unit that has run before");
                return USAGE;
            }
            home = LaunchOptions.defaultHome(profile.get());
        }
        LaunchOptions options = new LaunchOptions(distribution, home.toAbsolutePath(), profile, shell, !shell, extraBundles);
        Container container = Container.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                container.close();
            } catch (Exception ignored) {
                // The JVM is going anyway.
            }
        }, "secureta-shutdown"));
        if (!container.startFailures().isEmpty() || !container.awaitReady(Duration.ofSeconds(60))) {
            String reason = readyProblem(container);
            if (!reason.isEmpty()) {
                out.println(Lines.event("UNIT", "unit", "secureta", "state", "Failed", "message", reason));
            }
            container.close();
            // A refused profile sets its own exit code; anything else that kept the unit down is a failure too.
            return System.getProperty("secureta.exitCode") == null ? FAILED : exitCode();
        }
        List<String> started = new ArrayList<>(List.of("unit", "secureta", "state", "Started",
                "bundles", Integer.toString(container.bundleCount()), "startupMs", Long.toString(container.startupMillis()),
                "home", home.toAbsolutePath().toString()));
        if (!container.extensions().isEmpty()) {
            started.addAll(List.of("extensions", String.join(",", container.extensions())));
        }
        out.println(Lines.event("UNIT", started.toArray(String[]::new)));
        container.awaitStop();
        return exitCode();
    }

    static String readyProblem(Container container) {
        List<String> problems = new ArrayList<>(container.startFailures());
        problems.addAll(container.bundlesNotUp());
        if (problems.isEmpty() && System.getProperty("secureta.exitCode") == null) {
            problems.add("the unit did not become ready in time");
        }
        return String.join("; ", problems);
    }

    /** Set by the provisioning bundle when the profile was refused. */
    static int exitCode() {
        String code = System.getProperty("secureta.exitCode");
        return code == null ? OK : Integer.parseInt(code);
    }

    /** The distribution folder: where this launcher's jar lies, one level up. */
    static Path distribution() throws Exception {
        String configured = System.getProperty("secureta.dist");
        if (configured != null) {
            return Path.of(configured);
        }
        Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.getParent().getParent();
    }
}
