package org.secureta.launcher.scenario;

import org.secureta.launcher.RunningUnit;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.secureta.proxykit.Proxy;

/**
 * {@code ta scenario --list} and {@code ta scenario NAME [--dir DIR]}: replays a troubleshooting
 * case of the guide and prints what was expected and what happened. Exit codes: 0 the observed
 * behaviour is the expected one, 1 it is not (or the lab failed), 64 usage, 69 a Debian tool it
 * needs is missing.
 */
public final class ScenarioCommand {

    public static final int AS_EXPECTED = 0;
    public static final int NOT_AS_EXPECTED = 1;
    public static final int USAGE = 64;
    public static final int TOOL_MISSING = 69;

    private ScenarioCommand() {
    }

    public static String usage() {
        return "usage: ta scenario --list | ta scenario NAME [--dir DIR] [--proxy kamailio|opensips]\n";
    }

    public static int run(Path distribution, List<String> args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(args);
        if (rest.isEmpty()) {
            err.print(usage());
            return USAGE;
        }
        if (rest.equals(List.of("--list"))) {
            list(out);
            return AS_EXPECTED;
        }
        String name = rest.remove(0);
        Path dir = null;
        Proxy proxy = Proxy.KAMAILIO;
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            if (a.equals("--dir") && !rest.isEmpty()) {
                dir = Path.of(rest.remove(0)).toAbsolutePath();
            } else if (a.equals("--proxy") && !rest.isEmpty()) {
                String named = rest.remove(0);
                Optional<Proxy> p = Proxy.parse(named);
                if (p.isEmpty()) {
                    err.println("ta scenario: --proxy '" + named + "' is not known (allowed: kamailio, opensips)");
                    return USAGE;
                }
                proxy = p.get();
            } else {
                err.println("ta scenario: unknown argument '" + a + "'");
                err.print(usage());
                return USAGE;
            }
        }
        Optional<Scenario> scenario = Scenarios.named(name);
        if (scenario.isEmpty()) {
            err.println("ta scenario: no scenario '" + name + "'; known: " + String.join(", ", Scenarios.names()));
            return USAGE;
        }
        return run(scenario.get(), distribution, dir, out, proxy);
    }

    static void list(PrintStream out) {
        out.println("Troubleshooting cases of the guide (its section number or annex) and the link failures the field reports"
                + " (link), each replayed against a local Kamailio (or OpenSIPS):");
        for (Scenario s : Scenarios.all()) {
            out.printf("  %-20s %-5s %s%n", s.name(), s.guideSection(), s.title());
        }
        out.println("Run one with: ta scenario NAME [--dir DIR] [--proxy kamailio|opensips]");
    }

    static int run(Scenario scenario, Path distribution, Path dir, PrintStream out) {
        return run(scenario, distribution, dir, out, Proxy.KAMAILIO);
    }

    static int run(Scenario scenario, Path distribution, Path dir, PrintStream out, Proxy proxy) {
        out.println("Scenario " + scenario.name() + " (" + source(scenario) + "): " + scenario.title());
        out.println("Expected: " + scenario.expected());
        Path folder = null;
        try {
            folder = dir != null ? dir : Files.createTempDirectory("secureta-scenario-" + scenario.name() + "-");
            // Owner-only (a temporary folder is created so): the units' homes, profiles and the lab CA's key are in there.
            org.secureta.launcher.UnitHome.ownerOnlyFolder(folder);
            int code = replay(scenario, distribution, folder, out, proxy);
            if (dir == null && code != NOT_AS_EXPECTED) {
                // A temporary folder of a case that went as expected (or did not run) is of no further use.
                deleteRecursively(folder);
                out.println("Removed " + folder + " (keep the files with --dir DIR)");
            } else if (dir == null) {
                out.println("Kept " + folder + " for a look at what went wrong; delete it when done");
            }
            return code;
        } catch (java.io.IOException e) {
            out.println("The lab itself failed: " + e);
            out.println("RESULT: FAILED (the case could not be replayed)");
            return NOT_AS_EXPECTED;
        }
    }

    /** Where the case comes from: a section of the guide, its annex, or the field's link failures. */
    static String source(Scenario scenario) {
        String section = scenario.guideSection();
        if (section.matches("\\d+(\\.\\d+)*")) {
            return "guide section " + section;
        }
        return section.equals("annex") ? "the guide's annex" : "link resilience";
    }

    static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int replay(Scenario scenario, Path distribution, Path folder, PrintStream out, Proxy proxy) {
        Observations seen;
        try {
            org.secureta.launcher.Logging.configure(folder.resolve("logs"), org.secureta.launcher.Logging.debugRequested(), System.err);
            out.println("Files (kit, proxy configuration, units' homes, logs) in " + folder);
            out.println("Proxy: " + proxy.displayName());
            seen = scenario.run(new ScenarioContext(distribution, folder, out, proxy));
        } catch (MissingToolException e) {
            out.println("Cannot run it here: " + e.getMessage());
            out.println("RESULT: NOT RUN (" + e.tool() + " missing)");
            return TOOL_MISSING;
        } catch (RunningUnit.Timeout e) {
            out.println("What happened:");
            out.println("  " + new Observations.Observation(false, e.getMessage()));
            out.println("RESULT: NOT AS EXPECTED");
            return NOT_AS_EXPECTED;
        } catch (Exception e) {
            // A unit's command runs reflectively: what failed is the cause.
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            out.println("The lab itself failed: " + cause);
            out.println("RESULT: FAILED (the case could not be replayed)");
            return NOT_AS_EXPECTED;
        }
        out.println("What happened:");
        seen.all().forEach(o -> out.println("  " + o));
        if (seen.asExpected()) {
            out.println("RESULT: AS EXPECTED");
            return AS_EXPECTED;
        }
        out.println("RESULT: NOT AS EXPECTED");
        return NOT_AS_EXPECTED;
    }
}
