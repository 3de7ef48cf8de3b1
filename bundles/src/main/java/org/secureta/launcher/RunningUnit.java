package org.secureta.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One unit running in this JVM, as the demo, the scenarios and the tests drive it: its own Felix
 * container with every bundle of the distribution, its own home folder (certificates, key log,
 * running profile), configured by a {@link UnitProfile}. What it does is read the way an engineer
 * reads it at its shell: {@code ta:status} (the latest event line of each subject), {@code ta:calls}
 * and the other {@code ta:} commands.
 */
public final class RunningUnit implements AutoCloseable {

    /** How long a unit may take to start all its bundles and apply its profile. */
    static final Duration READY = Duration.ofSeconds(60);

    private final String name;
    private final Path home;
    private final Path profileFile;
    private final UnitProfile profile;
    private final Container container;
    private final Optional<SipTrace> trace;

    private RunningUnit(String name, Path home, Path profileFile, UnitProfile profile, Container container, Optional<SipTrace> trace) {
        this.name = name;
        this.home = home;
        this.profileFile = profileFile;
        this.profile = profile;
        this.container = container;
        this.trace = trace;
    }

    /**
     * Starts a unit and waits until every bundle is up, its profile is applied and its commands
     * answer. Its profile is written owner-only (it holds passwords and the pre-shared key) beside
     * its home, as {@code NAME.profile}.
     *
     * @param home the unit's home; certificates placed in {@code home/certs/other} and
     *        {@code home/certs/host} before the start (see {@link #installCertificates}) are loaded
     * @param extraBundles bundles started beside the distribution's (e.g. an example CDR writer)
     * @param traceMessages whether to record every SIP message it sends and receives ({@link #trace})
     * @throws IllegalStateException naming the unit and the bundles that failed, when it does not become ready
     */
    public static RunningUnit start(Path distribution, String name, Path home, UnitProfile profile, List<Path> extraBundles,
                                    boolean traceMessages) throws Exception {
        home = home.toAbsolutePath();
        Files.createDirectories(home);
        Path profileFile = profile.write(home.getParent().resolve(name + ".profile"));
        Container container = Container.start(new LaunchOptions(distribution, home, Optional.of(profileFile), false, false, extraBundles));
        if (!container.startFailures().isEmpty() || !container.awaitReady(READY)) {
            String why = Main.readyProblem(container);
            container.close();
            throw new IllegalStateException("unit " + name + " did not start: " + why);
        }
        return new RunningUnit(name, home, profileFile, profile, container, traceMessages ? SipTrace.attach(container) : Optional.empty());
    }

    /** Starts a unit from a profile, without extra bundles and without a message trace. */
    public static RunningUnit start(Path distribution, String name, Path home, UnitProfile profile) throws Exception {
        return start(distribution, name, home, profile, List.of(), false);
    }

    /** Copies a unit folder of the certificate kit ({@code certs/other}, {@code certs/host}) into a home's {@code certs}. */
    public static void installCertificates(Path kitUnitCerts, Path home) throws IOException {
        try (var paths = Files.walk(kitUnitCerts)) {
            for (Path p : paths.toList()) {
                Path target = home.resolve("certs").resolve(kitUnitCerts.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    public String name() {
        return name;
    }

    public Path home() {
        return home;
    }

    /** The profile it was started from. */
    public UnitProfile profile() {
        return profile;
    }

    /** The SIP user of its line Port1. */
    public String user() {
        return profile.user();
    }

    /** The row of its line's SIP gateway (SipEp.Gateway[...]), which its TLS_LINK events name. */
    public String gateway() {
        return profile.gateway();
    }

    /** Where it listens for TLS (SipEp.Gateway SecurePort); 0: it serves no TLS. */
    public int securePort() {
        return profile.securePort();
    }

    Path profileFile() {
        return profileFile;
    }

    Container container() {
        return container;
    }

    /** The SIP messages it sent and received, when it was started with a trace. */
    Optional<SipTrace> trace() {
        return trace;
    }

    /**
     * Runs {@code ta:NAME ARGS...} as the shell would: on the service whose
     * {@code osgi.command.function} names it (provisioning's, the call agent's, ...).
     */
    public String command(String name, String... args) throws ReflectiveOperationException {
        if (!name.matches("[A-Za-z]+")) {
            throw new IllegalArgumentException("not a command name: '" + name + "'");
        }
        return container.command(name, args);
    }

    /** {@code ta:status}: the latest event line of each subject. */
    public String status() throws ReflectiveOperationException {
        return command("status");
    }

    /** The latest status line of a subject, e.g. {@code "TLS_LINK gateway=Peer"}. */
    public Optional<String> latest(String kindAndSubject) throws ReflectiveOperationException {
        String wanted = " " + kindAndSubject + " ";
        return status().lines().filter(l -> l.contains(wanted)).findFirst();
    }

    /** The status line that contains every fragment right now, if any. */
    public Optional<String> statusLine(String... fragments) throws ReflectiveOperationException {
        return status().lines().filter(line -> Arrays.stream(fragments).allMatch(line::contains)).findFirst();
    }

    /**
     * Waits until a line of {@code ta:status} contains every fragment, and returns it.
     *
     * @throws Timeout naming what was awaited, with the status seen last
     */
    public String awaitStatus(Duration timeout, String... fragments) throws Exception {
        return awaitLine(timeout, "ta:status", this::status, line -> Arrays.stream(fragments).allMatch(line::contains), String.join(" ", fragments));
    }

    /** Waits until a line of {@code ta:calls} satisfies the test, and returns it. */
    public String awaitCall(Duration timeout, Predicate<String> test, String description) throws Exception {
        return awaitLine(timeout, "ta:calls", () -> command("calls"), test, description);
    }

    /** Waits until the whole output of {@code ta:calls} satisfies a test, and returns it. */
    public String awaitCalls(Duration timeout, Predicate<String> test, String description) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen;
        do {
            seen = command("calls");
            if (test.test(seen)) {
                return seen;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new Timeout("unit " + name + ": ta:calls did not show " + description + " within " + timeout.toSeconds() + " s:\n" + seen.strip());
    }

    /**
     * Waits until the latest status line of a subject satisfies {@code test}, as a demo step;
     * fails the step naming the last line seen.
     */
    String await(String step, String kindAndSubject, Predicate<String> test, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<String> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = latest(kindAndSubject);
            if (last.isPresent() && test.test(last.get())) {
                return last.get();
            }
            Thread.sleep(50);
        }
        throw new StepFailure(step, name + " after " + timeout.toSeconds() + " s: "
                + last.map(l -> "last " + l.substring(l.indexOf(' ') + 1)).orElse("no " + kindAndSubject + " event"));
    }

    private interface Source {
        String read() throws Exception;
    }

    private String awaitLine(Duration timeout, String what, Source source, Predicate<String> test, String description) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen;
        do {
            seen = source.read();
            Optional<String> match = seen.lines().filter(test).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new Timeout("unit " + name + ": no line of " + what + " with '" + description + "' within " + timeout.toSeconds()
                + " s; " + what + " shows:\n" + seen.strip());
    }

    /** An attribute of an event line ({@code name=value} or {@code name="quoted value"}), empty if absent. */
    public static String attribute(String line, String attribute) {
        String key = " " + attribute + "=";
        int at = line.indexOf(key);
        if (at < 0) {
            return "";
        }
        int start = at + key.length();
        if (start < line.length() && line.charAt(start) == '"') {
            StringBuilder value = new StringBuilder();
            for (int i = start + 1; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length()) {
                    value.append(line.charAt(++i));
                } else if (c == '"') {
                    break;
                } else {
                    value.append(c);
                }
            }
            return value.toString();
        }
        int end = line.indexOf(' ', start);
        return end < 0 ? line.substring(start) : line.substring(start, end);
    }

    /** Nothing awaited came in time; the message says what was awaited and what was seen. */
    public static final class Timeout extends Exception {
        private static final long serialVersionUID = 1L;

        Timeout(String message) {
            super(message);
        }
    }

    @Override
    public void close() throws Exception {
        trace.ifPresent(SipTrace::close);
        container.close();
    }
}
