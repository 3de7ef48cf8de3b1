package org.secureta.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One unit running in this JVM (its own Felix container and home folder), as the demo's call
 * script drives it: through the unit's own Gogo commands ({@code ta:status}, {@code ta:set},
 * {@code ta:call}, ...), like an engineer at its shell.
 *
 * @param name the unit's name (its Host certificate's CN)
 * @param user the SIP user of its line
 * @param gateway the row of its SIP gateway (SipEp.Gateway[...]), which its TLS_LINK events name
 * @param securePort where it listens for TLS (SipEp.Gateway SecurePort); 0: it serves no TLS
 */
record DemoUnit(String name, String user, String gateway, int securePort, Path home, Container container, Optional<SipTrace> trace) implements AutoCloseable {

    /**
     * What a topology starts a unit from.
     *
     * @param topologyHome the demo's home: the unit's home is {@code topologyHome/NAME}, its profile {@code NAME.profile}
     * @param profileText the profile (holds secrets: written to the file only, never printed)
     * @param certs a {@code certs} folder of the certificate kit (host/, other/), copied into the unit's home
     */
    record Setup(Path distribution, Path topologyHome, String name, String user, String gateway, int securePort,
                 String profileText, Path certs, java.util.List<Path> extraBundles) {

        @Override
        public String toString() {
            return "DemoUnit.Setup[" + name + ", user " + user + ", gateway " + gateway + "]";
        }
    }

    /**
     * Starts a unit in its own Felix container as one demo step, and waits until it is ready.
     * While it is starting it is in {@code started}, so that a failing topology can close it.
     */
    static DemoUnit start(Steps steps, String step, Setup setup, java.util.List<AutoCloseable> started) throws StepFailure {
        Path unitHome = setup.topologyHome().resolve(setup.name());
        Path file = setup.topologyHome().resolve(setup.name() + ".profile");
        return steps.run(step, () -> {
            org.secureta.launcher.scenario.LabUnit.installCertificates(setup.certs(), unitHome);
            // It holds the MIKEY pre-shared key (and passwords): owner-only, like the unit's own copy.
            UnitHome.writeSecret(file, setup.profileText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Container container = Container.start(new LaunchOptions(setup.distribution(), unitHome, Optional.of(file), false, false,
                    setup.extraBundles()));
            started.add(container);
            if (!container.startFailures().isEmpty() || !container.awaitReady(Duration.ofSeconds(60))) {
                throw new StepFailure(step, Main.readyProblem(container));
            }
            started.remove(container);
            DemoUnit unit = new DemoUnit(setup.name(), setup.user(), setup.gateway(), setup.securePort(), unitHome, container,
                    SipTrace.attach(container));
            started.add(unit);
            steps.info("home " + unitHome + ", profile " + file + ", " + container.bundleCount() + " bundles in "
                    + container.startupMillis() + " ms");
            return unit;
        });
    }

    String command(String function, String... args) throws Exception {
        return container.command(function, args);
    }

    /** {@code ta:status}: the latest event of each subject. */
    String status() throws Exception {
        return container.command("status");
    }

    /** The latest status line of a subject, e.g. {@code "TLS_LINK gateway=Peer"}. */
    Optional<String> latest(String kindAndSubject) throws Exception {
        String wanted = " " + kindAndSubject + " ";
        return status().lines().filter(l -> l.contains(wanted)).findFirst();
    }

    /** Waits until a status line of the subject satisfies {@code test}; fails the step naming the last line seen. */
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

    /** An attribute of an event line ({@code name=value} or {@code name="quoted value"}), empty if absent. */
    static String attribute(String line, String attribute) {
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

    @Override
    public void close() throws Exception {
        trace.ifPresent(SipTrace::close);
        container.close();
    }
}
