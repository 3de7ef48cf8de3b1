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
 * ta fleet TEMPLATE --units N ...           many units from one template profile (see FleetOptions)
 * ta help
 * </pre>
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    /** The profile was refused (set by provisioning as secureta.exitCode). */
    static final int REFUSED = 2;
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

    static int run(String[] arguments, PrintStream out, PrintStream err) throws Exception {
        // --debug anywhere on the line: detail in the log file and on the console (docs/logging.md).
        List<String> all = new ArrayList<>(List.of(arguments));
        if (all.remove("--debug")) {
            System.setProperty(Logging.DEBUG_PROPERTY, "true");
        }
        String[] args = all.toArray(String[]::new);
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            if (args.length > 1 && !args[1].startsWith("-")) {
                return help(args[1], out, err);
            }
            out.print(usage());
            return args.length == 0 ? USAGE : OK;
        }
        if (args.length > 1 && (List.of(args).subList(1, args.length).contains("--help") || List.of(args).subList(1, args.length).contains("-h"))) {
            return help(args[0], out, err);
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
            case "fleet":
                return org.secureta.launcher.fleet.FleetCommand.run(distribution, List.of(args).subList(1, args.length), out, err);
            case "decrypt":
                return org.secureta.launcher.decrypt.DecryptCommand.run(distribution, java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
            default:
                err.println("ta: unknown command '" + args[0] + "'");
                err.print(usage());
                return USAGE;
        }
    }

    /** {@code ta COMMAND --help} and {@code ta help COMMAND}: that command's usage, exit 0. */
    static int help(String command, PrintStream out, PrintStream err) throws Exception {
        String text = switch (command) {
            case "demo" -> Demo.USAGE + "\n" + section("ta demo");
            case "run" -> section("ta run");
            case "call" -> section("ta call");
            case "certs", "opensips-config" -> section("ta " + command) + toolUsage(ProxyTools.usage(distribution()), command);
            case "scenario" -> section("ta scenario");
            case "fleet" -> section("ta fleet");
            case "decrypt" -> section("ta decrypt") + "\n" + org.secureta.launcher.decrypt.DecryptCommand.usage();
            case "test" -> section("ta test");
            default -> "";
        };
        if (text.isEmpty()) {
            err.println("ta: unknown command '" + command + "'");
            err.print(usage());
            return USAGE;
        }
        out.print(text.endsWith("\n") ? text : text + "\n");
        return OK;
    }

    /** The block of the opensips-config bundle's usage text that starts with {@code usage: COMMAND}. */
    static String toolUsage(String usage, String command) {
        StringBuilder s = new StringBuilder();
        boolean in = false;
        for (String line : usage.split("\n")) {
            if (line.startsWith("usage: ")) {
                in = line.startsWith("usage: " + command + " ");
            }
            if (in) {
                s.append(line).append('\n');
            }
        }
        return s.isEmpty() ? "" : "\n" + s;
    }

    /** The lines of {@link #usage()} about one command, up to the next command. */
    private static String section(String prefix) {
        StringBuilder s = new StringBuilder();
        boolean in = false;
        for (String line : usage().split("\n")) {
            String t = line.strip();
            if (t.startsWith("ta ") && !t.startsWith(prefix + " ") && !t.equals(prefix) && in && !line.startsWith("         ")) {
                in = false;
            }
            if (t.startsWith(prefix + " ") || t.equals(prefix)) {
                in = true;
            }
            if (t.isEmpty()) {
                in = false;
            }
            if (in) {
                s.append(line).append('\n');
            }
        }
        return s.toString();
    }

    static String usage() {
        return String.join("\n",
                "usage: ta COMMAND [--debug]",
                "",
                "  ta demo [--home DIR] [--bundles DIR]... [--proxy kamailio|opensips] [--media native|libjitsi]",
                "          [--break host-certificate]",
                "                                            two units back to back over TLS: CA, certificates, SNTP,",
                "                                            SDES then MIKEY calls each way; report; non-zero on failure;",
                "                                            --media libjitsi: the calls' media on libjitsi MediaStreams",
                "                                            (home default: ./demo-home)",
                "  ta run PROFILE [--home DIR] [--bundles DIR]... [--no-shell]",
                "                                            run one unit configured by PROFILE",
                "                                            (home default: PROFILE's folder/NAME.home)",
                "  ta run --home DIR [--bundles DIR]... [--no-shell]",
                "                                            run the unit whose profile is saved in DIR; --bundles: with the",
                "                                            extension bundles of DIR (and always HOME/bundles/)",
                "  ta call PROFILE USER [--home DIR] [--seconds N]",
                "                                            start the unit, call USER once its line is up, N s of audio",
                "                                            (default 3), hang up, summary; non-zero unless the audio",
                "                                            decrypted (and the call was secure if the profile says Secure)",
                "  ta certs --out DIR --proxy-host H [--proxy-host H]... [--unit NAME[=HOST,...]]...",
                "           [--ca-name NAME] [--days N] [--key rsa|ec]",
                "                                            lab CA, proxy and unit certificates",
                "  ta opensips-config PROFILE --target opensips-3|opensips-1|kamailio-5 --out DIR [--cert-dir DIR]",
                "           [--module-path DIR] [--connection-lifetime SECONDS]",
                "                                            proxy configuration matching a unit's profile; --cert-dir:",
                "                                            where the proxy finds proxy.crt, proxy.key, ca.crt (default DIR);",
                "                                            --module-path: OpenSIPS' module folder (default: beside the",
                "                                            opensips on PATH, else Debian's); --connection-lifetime: idle",
                "                                            TLS links closed after that (default 7200 s)",
                "  ta scenario --list | ta scenario NAME [--dir DIR] [--proxy kamailio|opensips]",
                "                                            replay a troubleshooting case of the guide, or a link failure",
                "                                            (proxy-restart, idle-drop, link-blackhole, crlf-pong), against a",
                "                                            local Kamailio (default) or OpenSIPS (without --dir in a",
                "                                            temporary folder, removed after)",
                org.secureta.launcher.fleet.FleetOptions.USAGE,
                "  ta decrypt CAPTURE --out PLAIN.pcapng [--tls-keys KEYLOG] [--srtp-keys FILE] [--psk HEX | --profile FILE]",
                "                                            a capture of SIP over TLS and SRTP with the SRTP replaced by",
                "                                            the RTP it carries (keys from the SDP via the TLS key log, or",
                "                                            the unit's SRTP key log); per-stream summary (docs/decrypt.md)",
                "  ta test [MAVEN OPTION]...                 install what the tests need and run them all",
                "  ta help [COMMAND] | ta COMMAND --help     this text, or one command's",
                "",
                "  --debug (any command; or -Dsecureta.debug=true in TA_JAVA_OPTS): library detail on the console",
                "  and in the log file. Without it the console shows the unit's event lines and real warnings; the",
                "  rest goes to HOME/logs/secureta.0.log (rotated at 5 MB, 5 files).",
                "",
                "Exit codes: 0 ok; 1 failed (fleet: a threshold missed); 2 the profile was refused (run, call); 3 the",
                "registrar refused the line (call); 64 bad command line; 69 a tool is missing (demo, fleet --proxy",
                "kamailio|opensips, scenario, decrypt).",
                "",
                "With --no-shell the unit prints one line per event on standard output (docs/events.md); otherwise",
                "the Gogo shell shows them and offers the unit's commands (help ta:NAME for one's usage):",
                "  ta:status  ta:get [--reveal] VAR  ta:set VAR VALUE  ta:profile [all]  ta:restart",
                "  ta:cert list|add-host|add-other|delete  ta:trace [CALLID] [--to FILE]",
                "  ta:ladder [last|all|CALLID] [--svg FILE] [--with [NAME=]TRACEFILE]... [--as NAME] [--name ADDRESS=NAME]... [--unicode]",
                "  ta:call USER  ta:answer  ta:hangup [CALLID]  ta:calls",
                "  ta:certs ... and ta:opensipsconfig ... (as ta certs and ta opensips-config)",
                "Leave the shell with exit (or Ctrl-D): the unit stops.",
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
        boolean homeExisted = Files.exists(home);
        Logging.configure(home.resolve("logs"), Logging.debugRequested(), err);
        // Event lines on standard output with the shell too: the shell shows what ta:restart, ta:call... caused.
        LaunchOptions options = new LaunchOptions(distribution, home.toAbsolutePath(), profile, shell, true, extraBundles);
        if (!"false".equals(System.getProperty("secureta.tlsWarmUp"))) {
            TlsWarmUp.start();
        }
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
            if (System.getProperty("secureta.exitCode") == null) {
                return FAILED;
            }
            forgetHome(home, homeExisted);
            return exitCode();
        }
        List<String> started = new ArrayList<>(List.of("unit", "secureta", "state", "Started",
                "bundles", Integer.toString(container.bundleCount()), "startupMs", Long.toString(container.startupMillis()),
                "home", home.toAbsolutePath().toString()));
        if (!container.extensions().isEmpty()) {
            started.addAll(List.of("extensions", String.join(",", container.extensions())));
        }
        out.println(Lines.event("UNIT", started.toArray(String[]::new)));
        if (Logging.debugRequested()) {
            // Where the start-up went (issue 19), on the console with the library detail.
            container.startupTimings().forEach(err::println);
        }
        container.awaitStop();
        return exitCode();
    }

    /**
     * A home this command created for a profile that was then refused holds nothing of use (the
     * unit never ran): removed, so that the next try starts as the first did.
     */
    static void forgetHome(Path home, boolean existed) {
        if (existed || exitCode() != REFUSED) {
            return;
        }
        try (var paths = Files.walk(home)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            System.err.println("ta: could not remove " + home + " of the refused profile: " + e.getMessage());
        }
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
