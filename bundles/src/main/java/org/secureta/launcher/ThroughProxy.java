package org.secureta.launcher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.secureta.launcher.scenario.ProxyLab;
import org.secureta.proxykit.Proxy;
import org.secureta.proxykit.ProxyProcess;

/**
 * {@code ta demo --proxy kamailio|opensips}: the guide's deployment with a SIP proxy. A real
 * Kamailio or OpenSIPS, configured by {@code ta opensips-config} from both units' profiles and
 * run unedited (the scenarios' {@link ProxyLab}), is the registrar and proxy; each unit registers to it over TLS after checking
 * the proxy's certificate by HostName (SAN IP 127.0.0.1), and calls go unit -> proxy -> unit on
 * the units' persistent TLS links. Clocks are synchronised by SNTP as in {@link BackToBack}.
 */
final class ThroughProxy implements DemoTopology {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> UNITS = List.of("ta-a", "ta-b");
    private static final List<String> USERS = List.of("100", "200");

    private final Proxy kind;
    private final Path distribution;
    private final Path home;
    private final List<Path> extraBundles;
    private final String mediaEngine;
    private final PrintStream progress;

    /** The proxy's address once its lab exists: the ladder names its column. */
    private volatile String registrar = "";

    @Override
    public Map<String, String> ladderNames() {
        return registrar.isEmpty() ? Map.of() : Map.of(registrar, kind.displayName());
    }

    ThroughProxy(Proxy kind, Path distribution, Path home, List<Path> extraBundles, PrintStream progress) {
        this(kind, distribution, home, extraBundles, progress, "Native");
    }

    /** @param mediaEngine SecureTA.MediaEngine of both units: Native or Libjitsi ({@code ta demo --media}) */
    ThroughProxy(Proxy kind, Path distribution, Path home, List<Path> extraBundles, PrintStream progress, String mediaEngine) {
        this.mediaEngine = mediaEngine;
        this.kind = kind;
        this.distribution = distribution;
        this.home = home;
        this.extraBundles = List.copyOf(extraBundles);
        this.progress = progress;
    }

    /** Whether this machine can run the topology: the proxy is installed. */
    static boolean available(Proxy kind) {
        return kind.find().isPresent();
    }

    @Override
    public String describe() {
        return "two units registered to " + kind.displayName() + " (configured by ta opensips-config) over TLS, calls through the proxy"
                + MediaNote.of(mediaEngine);
    }

    @Override
    public List<String> certificateChecks() {
        return List.of("each unit checked the proxy's certificate with HostName validation: chain to the demo CA",
                "(Cert.OthersCertificatesInfo), validity on the SNTP-synchronised clock, SAN IP 127.0.0.1 =",
                "the registrar's configured host; " + kind.displayName() + " presented the certificate ta certs made for it");
    }

    @Override
    public UnitPair start(Steps steps) throws StepFailure {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            ProxyLab lab = steps.run("certificates: a lab CA, the proxy's certificate (SAN " + ProxyLab.PROXY_HOST
                    + ") and Host certificates for " + String.join(", ", UNITS) + " with ta certs",
                    () -> ProxyLab.create(kind, distribution, home.resolve("lab"), UNITS, progress));
            registrar = lab.registrar();
            started.add(lab);

            SntpResponder sntp = steps.run("SNTP server (RFC 4330) on loopback serving this host's clock", () -> SntpResponder.start(Clock.systemUTC()));
            started.add(sntp);
            steps.info("listening on " + sntp.hostPort());

            SecureRandom random = new SecureRandom();
            String psk = HexFormat.of().formatHex(random.generateSeed(32));
            Map<String, UnitProfile> profiles = new LinkedHashMap<>();
            for (int i = 0; i < UNITS.size(); i++) {
                profiles.put(UNITS.get(i), UnitProfile.tlsLine(USERS.get(i), HexFormat.of().formatHex(random.generateSeed(12)),
                                lab.registrar(), lab.ports().next())
                        .withSntpServer(sntp.hostPort())
                        .with("SipEp.UserAgent[Port1].FriendlyName", "Demo " + UNITS.get(i))
                        .with("Mipt.DefaultSecurityRtpEncryption", "AesCm128")
                        .with("SecureTA.MikeyPreSharedKey", psk)
                        .with("SecureTA.MediaEngine", mediaEngine));
            }
            steps.run(kind.displayName() + " configured by ta opensips-config from both units' profiles, listening on tls:" + lab.registrar(), () -> {
                ProxyProcess proxy = lab.startProxy(profiles);
                steps.info("configuration " + lab.proxyConfig().script() + ", log " + proxy.log());
                return proxy;
            });

            // The units trust the kit's CA only: they are TLS clients of the proxy, no TLS servers.
            Path caOnly = home.resolve("ca-only");
            Files.createDirectories(caOnly.resolve("other"));
            Files.copy(lab.kit().caCertificate(), caOnly.resolve("other/ca.crt"), StandardCopyOption.REPLACE_EXISTING);
            List<RunningUnit> units = new ArrayList<>();
            for (int i = 0; i < UNITS.size(); i++) {
                String name = UNITS.get(i);
                units.add(BackToBack.startUnit(steps, "starting unit " + name + " (user " + USERS.get(i) + ", registrar tls:" + lab.registrar()
                                + ") in its own Felix container",
                        distribution, home, name, profiles.get(name), caOnly, extraBundles, started));
            }
            // The units stay in `started` until the pair is returned: a failed step below closes them too.
            UnitPair pair = new UnitPair(units.get(0), units.get(1), BackToBack.without(started, units));
            BackToBack.awaitSynchronisedClocks(steps, pair);
            for (RunningUnit unit : pair.both()) {
                String step = "TLS link " + unit.name() + " -> " + kind.displayName() + " (" + lab.registrar() + ", HostName check of the proxy's certificate)";
                String link = steps.run(step, () -> {
                    String seen = unit.await(step, "TLS_LINK gateway=" + unit.gateway(),
                            l -> l.contains("state=Up") || l.contains("certificate rejected"), WAIT);
                    if (!seen.contains("state=Up")) {
                        throw new StepFailure(step, unit.name() + ": " + RunningUnit.attribute(seen, "reason"));
                    }
                    return seen;
                });
                steps.info(link.substring(link.indexOf(' ') + 1));
                String registered = steps.run(unit.name() + ": line Port1 registered as " + unit.user() + " at " + kind.displayName(),
                        () -> unit.await(unit.name() + " registration", "REGISTRATION line=Port1", l -> l.contains("state=Registered"), WAIT));
                steps.info(registered.substring(registered.indexOf(' ') + 1));
            }
            return pair;
        } catch (StepFailure e) {
            BackToBack.closeAll(started);
            throw e;
        } catch (Exception e) {
            BackToBack.closeAll(started);
            throw new StepFailure("starting the proxy and the units", e.toString());
        }
    }
}
