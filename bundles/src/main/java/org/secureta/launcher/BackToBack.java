package org.secureta.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The guide's "two units, no proxy in the middle": each unit's gateway points at the other's
 * TLS server (SecurePort), both have a Host certificate from one lab CA (made by {@code ta
 * certs}) naming 127.0.0.1, so each passes the other's HostName check as a TLS server, and calls
 * work both ways. Their clocks are synchronised by SNTP from a server this launcher runs.
 */
final class BackToBack implements DemoTopology {

    static final String LOOPBACK = "127.0.0.1";
    /** TEST-NET-1 (RFC 5737): an address no unit here has, for the broken-certificate run. */
    static final String NOT_OUR_ADDRESS = "192.0.2.66";

    private final Path distribution;
    private final Path home;
    private final boolean wrongCertificateForB;
    private final List<Path> extraBundles;

    /**
     * @param wrongCertificateForB give unit B a Host certificate for another address, which A's
     *                             HostName check must refuse (shows how the demo reports a failure)
     */
    BackToBack(Path distribution, Path home, boolean wrongCertificateForB) {
        this(distribution, home, wrongCertificateForB, List.of());
    }

    /** @param extraBundles folders of extension bundles both units load (as {@code ta run --bundles}) */
    BackToBack(Path distribution, Path home, boolean wrongCertificateForB, List<Path> extraBundles) {
        this.distribution = distribution;
        this.home = home;
        this.wrongCertificateForB = wrongCertificateForB;
        this.extraBundles = List.copyOf(extraBundles);
    }

    @Override
    public String describe() {
        return "two units back to back over TLS, no proxy in the middle (guide section 2)";
    }

    @Override
    public UnitPair start(Steps steps) throws StepFailure {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Path kit = home.resolve("kit");
            String bAddress = wrongCertificateForB ? NOT_OUR_ADDRESS : LOOPBACK;
            steps.run("certificates: a lab CA and Host certificates for ta-a (SAN " + LOOPBACK + ") and ta-b (SAN " + bAddress + ") with ta certs",
                    () -> certificates(kit, bAddress));

            SntpResponder sntp = steps.run("SNTP server (RFC 4330) on loopback serving this host's clock", () -> SntpResponder.start(Clock.systemUTC()));
            started.add(sntp);
            steps.info("listening on " + sntp.hostPort());

            List<Integer> ports = FreePorts.tcpAndUdp(4);
            String psk = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
            DemoProfile a = new DemoProfile("ta-a", "100", ports.get(0), ports.get(1), LOOPBACK + ":" + ports.get(2), sntp.hostPort(), "Sdes", psk);
            DemoProfile b = new DemoProfile("ta-b", "200", ports.get(2), ports.get(3), LOOPBACK + ":" + ports.get(0), sntp.hostPort(), "Sdes", psk);

            DemoUnit unitA = startUnit(steps, a, kit, started);
            DemoUnit unitB = startUnit(steps, b, kit, started);
            started.remove(unitA);
            started.remove(unitB);
            UnitPair pair = new UnitPair(unitA, unitB, started);
            for (DemoUnit unit : pair.both()) {
                steps.run(unit.name() + ": clock synchronised by SNTP (Hoc.StaticSntpServers), no lab override",
                        () -> unit.await("clock", "CLOCK clock=unit", l -> l.contains("state=Synchronised"), Duration.ofSeconds(20)))
                        .lines().forEach(l -> steps.info(l.substring(l.indexOf(' ') + 1)));
            }
            for (DemoUnit unit : pair.both()) {
                DemoUnit peer = unit == unitA ? unitB : unitA;
                String step = "TLS link " + unit.name() + " -> " + peer.name() + " (" + LOOPBACK + ":" + peer.securePort()
                        + ", HostName check of " + peer.name() + "'s certificate)";
                String link = steps.run(step, () -> {
                    // A refused certificate will not get better by retrying: stop at the first refusal.
                    String seen = unit.await(step, "TLS_LINK gateway=" + DemoProfile.GATEWAY,
                            l -> l.contains("state=Up") || l.contains("certificate rejected"), Duration.ofSeconds(25));
                    if (!seen.contains("state=Up")) {
                        throw new StepFailure(step, unit.name() + ": " + DemoUnit.attribute(seen, "reason"));
                    }
                    return seen;
                });
                steps.info(link.substring(link.indexOf(' ') + 1));
            }
            return pair;
        } catch (StepFailure e) {
            closeAll(started);
            throw e;
        } catch (Exception e) {
            closeAll(started);
            throw new StepFailure("starting the units", e.toString());
        }
    }

    private String certificates(Path kit, String bAddress) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        int code = ProxyTools.run(distribution, "certs", new String[] {"--out", kit.toString(), "--ca-name", "SecureTA demo CA",
                "--proxy-host", LOOPBACK, "--unit", "ta-a=" + LOOPBACK, "--unit", "ta-b=" + bAddress}, out, out);
        Files.writeString(kit.resolve("certs.txt"), printed.toString(StandardCharsets.UTF_8));
        if (code != Main.OK) {
            throw new StepFailure("certificates", "ta certs exited with " + code + ": " + printed.toString(StandardCharsets.UTF_8).strip());
        }
        return kit.toString();
    }

    private DemoUnit startUnit(Steps steps, DemoProfile profile, Path kit, List<AutoCloseable> started) throws StepFailure {
        Path unitHome = home.resolve(profile.unit());
        Path file = home.resolve(profile.unit() + ".profile");
        return steps.run("starting unit " + profile.unit() + " (user " + profile.user() + ", TLS server on " + LOOPBACK + ":"
                + profile.securePort() + ", gateway -> " + profile.peer() + ") in its own Felix container", () -> {
            copyTree(kit.resolve("units").resolve(profile.unit()).resolve("certs"), unitHome.resolve("certs"));
            Files.writeString(file, profile.text());
            Container container = Container.start(new LaunchOptions(distribution, unitHome, Optional.of(file), false, false, extraBundles));
            started.add(container);
            if (!container.startFailures().isEmpty() || !container.awaitReady(Duration.ofSeconds(60))) {
                throw new StepFailure("starting unit " + profile.unit(), Main.readyProblem(container));
            }
            started.remove(container);
            DemoUnit unit = new DemoUnit(profile.unit(), profile.user(), profile.securePort(), unitHome, container,
                    SipTrace.attach(container));
            started.add(unit);
            steps.info("home " + unitHome + ", profile " + file + ", " + container.bundleCount() + " bundles in "
                    + container.startupMillis() + " ms");
            return unit;
        });
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void closeAll(List<AutoCloseable> started) {
        for (AutoCloseable c : started) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing: the first failure is the one reported
            }
        }
    }
}
