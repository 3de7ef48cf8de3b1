package org.secureta.launcher;

import java.io.ByteArrayOutputStream;
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
import org.secureta.proxykit.FreePorts;

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
    private final String mediaEngine;

    /**
     * @param wrongCertificateForB give unit B a Host certificate for another address, which A's
     *                             HostName check must refuse (shows how the demo reports a failure)
     */
    BackToBack(Path distribution, Path home, boolean wrongCertificateForB) {
        this(distribution, home, wrongCertificateForB, List.of());
    }

    /** @param extraBundles folders of extension bundles both units load (as {@code ta run --bundles}) */
    BackToBack(Path distribution, Path home, boolean wrongCertificateForB, List<Path> extraBundles) {
        this(distribution, home, wrongCertificateForB, extraBundles, "Native");
    }

    /** @param mediaEngine SecureTA.MediaEngine of both units: Native or Libjitsi ({@code ta demo --media}) */
    BackToBack(Path distribution, Path home, boolean wrongCertificateForB, List<Path> extraBundles, String mediaEngine) {
        this.mediaEngine = mediaEngine;
        this.distribution = distribution;
        this.home = home;
        this.wrongCertificateForB = wrongCertificateForB;
        this.extraBundles = List.copyOf(extraBundles);
    }

    @Override
    public String describe() {
        return "two units back to back over TLS, no proxy in the middle (guide section 2)" + MediaNote.of(mediaEngine);
    }

    @Override
    public List<String> certificateChecks() {
        return List.of("each unit checked the other's Host certificate with HostName validation: chain to the",
                "demo CA (Cert.OthersCertificatesInfo), validity on the SNTP-synchronised clock,",
                "SAN IP 127.0.0.1 = the gateway's configured server; every TLS link above passed");
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
            UnitProfile a = UnitProfile.backToBack("ta-a", "100", ports.get(0), ports.get(1), LOOPBACK + ":" + ports.get(2), sntp.hostPort(), "Sdes", psk)
                    .with("SecureTA.MediaEngine", mediaEngine);
            UnitProfile b = UnitProfile.backToBack("ta-b", "200", ports.get(2), ports.get(3), LOOPBACK + ":" + ports.get(0), sntp.hostPort(), "Sdes", psk)
                    .with("SecureTA.MediaEngine", mediaEngine);

            RunningUnit unitA = startUnit(steps, "ta-a", a, LOOPBACK + ":" + ports.get(2), kit.resolve("units/ta-a/certs"), started);
            RunningUnit unitB = startUnit(steps, "ta-b", b, LOOPBACK + ":" + ports.get(0), kit.resolve("units/ta-b/certs"), started);
            // The units stay in `started` until the pair is returned: a failed step below closes them too.
            UnitPair pair = new UnitPair(unitA, unitB, without(started, List.of(unitA, unitB)));
            awaitSynchronisedClocks(steps, pair);
            for (RunningUnit unit : pair.both()) {
                RunningUnit peer = unit == unitA ? unitB : unitA;
                String step = "TLS link " + unit.name() + " -> " + peer.name() + " (" + LOOPBACK + ":" + peer.securePort()
                        + ", HostName check of " + peer.name() + "'s certificate)";
                String link = steps.run(step, () -> {
                    // A refused certificate will not get better by retrying: stop at the first refusal.
                    String seen = unit.await(step, "TLS_LINK gateway=" + unit.gateway(),
                            l -> l.contains("state=Up") || l.contains("certificate rejected"), Duration.ofSeconds(25));
                    if (!seen.contains("state=Up")) {
                        throw new StepFailure(step, unit.name() + ": " + RunningUnit.attribute(seen, "reason"));
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

    private RunningUnit startUnit(Steps steps, String name, UnitProfile profile, String peer, Path certs, List<AutoCloseable> started)
            throws StepFailure {
        return startUnit(steps, "starting unit " + name + " (user " + profile.user() + ", TLS server on " + LOOPBACK + ":"
                        + profile.securePort() + ", gateway -> " + peer + ") in its own Felix container",
                distribution, home, name, profile, certs, extraBundles, started);
    }

    /**
     * Starts a unit of a demo topology in its own Felix container as one step, with a message
     * trace, and waits until it is ready: its home is {@code topologyHome/NAME}, its profile
     * {@code topologyHome/NAME.profile} (it holds secrets: written owner-only, never printed).
     * Once started it is in {@code started}, so that a failing topology closes it.
     *
     * @param certs a {@code certs} folder of the certificate kit (host/, other/), copied into the unit's home
     */
    static RunningUnit startUnit(Steps steps, String step, Path distribution, Path topologyHome, String name, UnitProfile profile,
                                 Path certs, List<Path> extraBundles, List<AutoCloseable> started) throws StepFailure {
        Path unitHome = topologyHome.resolve(name);
        return steps.run(step, () -> {
            RunningUnit.installCertificates(certs, unitHome);
            RunningUnit unit;
            try {
                unit = RunningUnit.start(distribution, name, unitHome, profile, extraBundles, true);
            } catch (IllegalStateException e) {
                throw new StepFailure(step, e.getMessage());
            }
            started.add(unit);
            steps.info("home " + unit.home() + ", profile " + unit.profileFile() + ", " + unit.container().bundleCount() + " bundles in "
                    + unit.container().startupMillis() + " ms");
            return unit;
        });
    }

    /** Both units' clocks synchronised by SNTP from the demo's server: no lab clock override (NTP is mandatory for TLS). */
    static void awaitSynchronisedClocks(Steps steps, UnitPair pair) throws StepFailure {
        for (RunningUnit unit : pair.both()) {
            steps.run(unit.name() + ": clock synchronised by SNTP (Hoc.StaticSntpServers), no lab override",
                    () -> unit.await("clock", "CLOCK clock=unit", l -> l.contains("state=Synchronised"), Duration.ofSeconds(20)))
                    .lines().forEach(l -> steps.info(l.substring(l.indexOf(' ') + 1)));
        }
    }

    /** What else runs beside the units (the SNTP server, the proxy), for the pair to close. */
    static List<AutoCloseable> without(List<AutoCloseable> started, List<RunningUnit> units) {
        List<AutoCloseable> others = new ArrayList<>(started);
        others.removeAll(units);
        return others;
    }

    static void closeAll(List<AutoCloseable> started) {
        for (AutoCloseable c : started) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing: the first failure is the one reported
            }
        }
    }
}
