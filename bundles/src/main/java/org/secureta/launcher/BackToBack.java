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
            DemoProfile a = new DemoProfile("ta-a", "100", ports.get(0), ports.get(1), LOOPBACK + ":" + ports.get(2), sntp.hostPort(), "Sdes", psk);
            DemoProfile b = new DemoProfile("ta-b", "200", ports.get(2), ports.get(3), LOOPBACK + ":" + ports.get(0), sntp.hostPort(), "Sdes", psk);

            DemoUnit unitA = startUnit(steps, a, kit.resolve("units").resolve(a.unit()).resolve("certs"), started);
            DemoUnit unitB = startUnit(steps, b, kit.resolve("units").resolve(b.unit()).resolve("certs"), started);
            // The units stay in `started` until the pair is returned: a failed step below closes them too.
            UnitPair pair = new UnitPair(unitA, unitB, without(started, List.of(unitA, unitB)));
            awaitSynchronisedClocks(steps, pair);
            for (DemoUnit unit : pair.both()) {
                DemoUnit peer = unit == unitA ? unitB : unitA;
                String step = "TLS link " + unit.name() + " -> " + peer.name() + " (" + LOOPBACK + ":" + peer.securePort()
                        + ", HostName check of " + peer.name() + "'s certificate)";
                String link = steps.run(step, () -> {
                    // A refused certificate will not get better by retrying: stop at the first refusal.
                    String seen = unit.await(step, "TLS_LINK gateway=" + unit.gateway(),
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

    private DemoUnit startUnit(Steps steps, DemoProfile profile, Path certs, List<AutoCloseable> started) throws StepFailure {
        return DemoUnit.start(steps, "starting unit " + profile.unit() + " (user " + profile.user() + ", TLS server on " + LOOPBACK + ":"
                        + profile.securePort() + ", gateway -> " + profile.peer() + ") in its own Felix container",
                new DemoUnit.Setup(distribution, home, profile.unit(), profile.user(), DemoProfile.GATEWAY, profile.securePort(),
                        profile.text(), certs, extraBundles), started);
    }

    /** Both units' clocks synchronised by SNTP from the demo's server: no lab clock override (NTP is mandatory for TLS). */
    static void awaitSynchronisedClocks(Steps steps, UnitPair pair) throws StepFailure {
        for (DemoUnit unit : pair.both()) {
            steps.run(unit.name() + ": clock synchronised by SNTP (Hoc.StaticSntpServers), no lab override",
                    () -> unit.await("clock", "CLOCK clock=unit", l -> l.contains("state=Synchronised"), Duration.ofSeconds(20)))
                    .lines().forEach(l -> steps.info(l.substring(l.indexOf(' ') + 1)));
        }
    }

    /** What else runs beside the units (the SNTP server, the proxy), for the pair to close. */
    static List<AutoCloseable> without(List<AutoCloseable> started, List<DemoUnit> units) {
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
