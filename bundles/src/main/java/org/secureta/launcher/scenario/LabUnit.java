package org.secureta.launcher.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;
import org.secureta.launcher.RunningUnit;

/**
 * A unit in a container of its own, inside this JVM: a Felix framework with every bundle of the
 * distribution, configured by a profile, with its own home folder (certificates, key log,
 * running profile). What it does is read the way an engineer reads it: {@code ta:status} (the
 * latest event line of each subject) and the other {@code ta:} commands.
 */
public final class LabUnit implements AutoCloseable {

    private final String name;
    private final Path home;
    private final RunningUnit container;

    private LabUnit(String name, Path home, RunningUnit container) {
        this.name = name;
        this.home = home;
        this.container = container;
    }

    /**
     * Starts a unit and waits until its profile is applied and its commands answer.
     *
     * @param home the unit's home; certificates placed in {@code home/certs/other} and
     *        {@code home/certs/host} before the start are loaded
     */
    public static LabUnit start(Path distribution, String name, Path home, UnitProfile profile) throws Exception {
        Files.createDirectories(home);
        Path profileFile = profile.write(home.getParent().resolve(name + ".profile"));
        try {
            return new LabUnit(name, home, RunningUnit.start(distribution, home.toAbsolutePath(), profileFile, Duration.ofSeconds(60)));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("unit " + name + " did not start: " + e.getMessage(), e);
        }
    }

    /** Copies a unit folder of the certificate kit ({@code certs/other}, {@code certs/host}) into a home. */
    public static void installCertificates(Path kitUnitCerts, Path home) throws IOException {
        try (var paths = Files.walk(kitUnitCerts)) {
            for (Path p : paths.toList()) {
                Path target = home.resolve("certs").resolve(kitUnitCerts.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
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

    /** {@code ta:status}: the latest event line of each subject. */
    public String status() throws ReflectiveOperationException {
        return container.command("status");
    }

    /** Runs {@code ta:NAME ARGS...} and returns its output. */
    public String command(String command, String... args) throws ReflectiveOperationException {
        return container.command(command, args);
    }

    /**
     * Waits until a line of {@code ta:status} contains every fragment, and returns it.
     *
     * @throws Timeout naming what was awaited, with the status seen last
     */
    public String awaitStatus(Duration timeout, String... fragments) throws Exception {
        return await(timeout, "ta:status", this::status, line -> Arrays.stream(fragments).allMatch(line::contains), String.join(" ", fragments));
    }

    /** Waits until a line of {@code ta:calls} contains every fragment (and satisfies the extra test), and returns it. */
    public String awaitCall(Duration timeout, Predicate<String> test, String description) throws Exception {
        return await(timeout, "ta:calls", () -> command("calls"), test, description);
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

    /** The status line that contains every fragment right now, if any. */
    public Optional<String> statusLine(String... fragments) throws ReflectiveOperationException {
        return status().lines().filter(line -> Arrays.stream(fragments).allMatch(line::contains)).findFirst();
    }

    private interface Source {
        String read() throws Exception;
    }

    private String await(Duration timeout, String what, Source source, Predicate<String> test, String description) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = "";
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

    /** Nothing awaited came in time; the message says what was awaited and what was seen. */
    public static final class Timeout extends Exception {
        private static final long serialVersionUID = 1L;

        Timeout(String message) {
            super(message);
        }
    }

    @Override
    public void close() throws Exception {
        container.close();
    }
}
