package org.secureta.launcher.scenario;

import org.secureta.launcher.UnitProfile;
import org.secureta.launcher.RunningUnit;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.secureta.launcher.MergedLadder;
import org.secureta.launcher.SntpResponder;
import org.secureta.proxykit.FreePorts;
import org.secureta.proxykit.Proxy;
import org.secureta.proxykit.ProxyProcess;

/**
 * The guide's lab on loopback: a certificate kit, a proxy (Kamailio or OpenSIPS) configured by
 * {@code ta opensips-config} from the units' profiles and run unedited by the proxy kit, and
 * units in containers. Closing it stops the units, then the proxy.
 *
 * <pre>
 * ProxyLab lab = ProxyLab.create(Proxy.OPENSIPS, distribution, dir, List.of("unit1", "unit2"), out);
 * UnitProfile p1 = UnitProfile.tlsLine("100", "pw1", lab.registrar(), lab.ports().next());
 * UnitProfile p2 = UnitProfile.tlsLine("101", "pw2", lab.registrar(), lab.ports().next());
 * lab.startProxy(Map.of("unit1", p1, "unit2", p2));
 * RunningUnit u1 = lab.startUnit("unit1", p1);
 * </pre>
 */
public final class ProxyLab implements AutoCloseable {

    public static final String PROXY_HOST = "127.0.0.1";
    private static final Duration PROXY_START = Duration.ofSeconds(20);
    private static final Duration CLOCK_SYNC = Duration.ofSeconds(20);

    private final Proxy kind;
    private final Path executable;
    private final Path distribution;
    private final Path dir;
    private final PrintStream progress;
    private final FreePorts ports;
    private final int proxyPort;
    private final LabKit kit;
    private final SntpResponder sntp;
    private final List<RunningUnit> units = new ArrayList<>();
    /** Traces of units stopped before the end, with the unit's name. */
    private final Map<Path, String> stoppedUnitsTraces = new LinkedHashMap<>();
    private ProxyProcess proxy;
    private ProxyConfig proxyConfig;
    private boolean ladderAtClose;

    private ProxyLab(Proxy kind, Path executable, Path distribution, Path dir, PrintStream progress, LabKit kit, FreePorts ports,
                     SntpResponder sntp) {
        this.kind = kind;
        this.executable = executable;
        this.sntp = sntp;
        this.distribution = distribution;
        this.ports = ports;
        this.dir = dir;
        this.progress = progress;
        this.kit = kit;
        this.proxyPort = ports.next();
    }

    /**
     * Makes the certificate kit (proxy host 127.0.0.1, a Host certificate per unit name) and
     * picks the proxy's port. Fails at once, with the install hint, when the proxy is missing.
     */
    public static ProxyLab create(Proxy kind, Path distribution, Path dir, List<String> unitNames, PrintStream progress) throws Exception {
        Path executable = kind.find().orElseThrow(() -> new MissingToolException(kind.command(), kind.absence()));
        FreePorts ports = new FreePorts();
        progress.println("--> ta certs --out " + dir.resolve("kit") + " --proxy-host " + PROXY_HOST + unitNames.stream().map(u -> " --unit " + u).reduce("", String::concat));
        LabKit kit = LabKit.create(distribution, dir.resolve("kit"), PROXY_HOST, unitNames);
        // NTP is mandatory on the unit when TLS is on (guide 2.3): the lab serves this machine's clock by SNTP.
        SntpResponder sntp = SntpResponder.start(java.time.Clock.systemUTC());
        progress.println("--> SNTP server (RFC 4330) on " + sntp.hostPort() + " serving this machine's clock to the units");
        return new ProxyLab(kind, executable, distribution, dir, progress, kit, ports, sntp);
    }

    /** Which proxy the lab runs. */
    public Proxy kind() {
        return kind;
    }

    public FreePorts ports() {
        return ports;
    }

    public LabKit kit() {
        return kit;
    }

    public Path dir() {
        return dir;
    }

    public Path distribution() {
        return distribution;
    }

    /** The lab's SNTP server, {@code 127.0.0.1:PORT}, as Hoc.StaticSntpServers takes it. */
    public String sntpServer() {
        return sntp.hostPort();
    }

    /** The registrar the units are configured with: {@code 127.0.0.1:PORT}. */
    public String registrar() {
        return PROXY_HOST + ":" + proxyPort;
    }

    public InetSocketAddress proxyAddress() {
        return new InetSocketAddress(PROXY_HOST, proxyPort);
    }

    /**
     * Writes the proxy profile (every unit's line, see {@link UnitProfile#proxyProfile}),
     * generates the proxy's configuration from it with the kit's proxy certificates, and starts
     * the proxy on it.
     */
    public ProxyProcess startProxy(Map<String, UnitProfile> unitProfiles) throws Exception {
        return startProxy(unitProfiles, kit.proxyCertDir(), config -> config);
    }

    /**
     * As {@link #startProxy(Map)}, with other proxy certificates, and a change to the generated
     * script (a scenario that replays a proxy set up differently says which change it made).
     */
    public ProxyProcess startProxy(Map<String, UnitProfile> unitProfiles, Path certDir, ScriptChange change) throws Exception {
        return startProxy(unitProfiles, certDir, change, List.of());
    }

    /**
     * As {@link #startProxy(Map)}, with idle TLS links closed by the proxy after {@code lifetime}
     * (whole seconds; {@code ta opensips-config --connection-lifetime}): the guide's 2-minute drop, scaled down.
     */
    public ProxyProcess startProxyWithConnectionLifetime(Map<String, UnitProfile> unitProfiles, Duration lifetime) throws Exception {
        return startProxy(unitProfiles, kit.proxyCertDir(), config -> config, List.of("--connection-lifetime", Long.toString(lifetime.toSeconds())));
    }

    private ProxyProcess startProxy(Map<String, UnitProfile> unitProfiles, Path certDir, ScriptChange change, List<String> options)
            throws Exception {
        Path profile = UnitProfile.proxyProfile(new LinkedHashMap<>(unitProfiles)).write(dir.resolve("proxy.profile"));
        Path out = dir.resolve("proxy");
        proxyConfig = ProxyConfig.generate(distribution, profile, out, certDir, kind, executable, options);
        progress.println("--> " + proxyConfig.command());
        String script = Files.readString(proxyConfig.script());
        String changed = change.apply(script);
        java.util.Optional<String> oneWorker = kind == Proxy.KAMAILIO ? org.secureta.proxykit.KamailioTlsWorkers.reason(executable)
                : java.util.Optional.empty();
        if (oneWorker.isPresent()) {
            // The generated script's workers otherwise (KamailioTlsWorkers says why).
            changed = org.secureta.proxykit.KamailioTlsWorkers.withTcpWorkers(changed, 1);
            progress.println("--> " + oneWorker.get());
        }
        if (!changed.equals(script)) {
            Files.writeString(proxyConfig.script(), changed);
        }
        progress.println("--> " + executable + " -f " + proxyConfig.script() + (kind == Proxy.KAMAILIO ? " -DD -E" : " -F")
                + " (listening on tls:" + registrar() + ")");
        proxy = ProxyProcess.start(kind, executable, proxyConfig.script(), proxyAddress(), dir.resolve(kind.command() + "-run"), PROXY_START);
        return proxy;
    }

    /** A change to the generated script (the same routing lines in both proxies' dialects). */
    @FunctionalInterface
    public interface ScriptChange {
        String apply(String script);
    }

    /**
     * Kills the proxy (SIGKILL: its links drop without a goodbye, as in a crash) and returns at
     * once; {@link #restartProxy} starts it again.
     */
    public void killProxy() throws InterruptedException {
        progress.println("--> kill -9 " + kind.command() + " (its TLS links drop, its location table is lost)");
        proxy.kill();
    }

    /** Starts the killed proxy again: same configuration, port and folder, an empty location table. */
    public void restartProxy() throws Exception {
        progress.println("--> starting " + kind.displayName() + " again on tls:" + registrar());
        proxy.restart(PROXY_START);
    }

    /** The running proxy (null before {@link #startProxy}). */
    public ProxyProcess proxy() {
        return proxy;
    }

    public ProxyConfig proxyConfig() {
        return proxyConfig;
    }

    /**
     * Starts a unit whose home holds the kit's CA ("Other") only: it trusts the proxy, and is no
     * TLS server. Unless its profile names a clock source, its clock is the lab's SNTP server,
     * and the start waits until the unit reports it synchronised (the TLS link waits for that).
     */
    public RunningUnit startUnit(String name, UnitProfile profile) throws Exception {
        boolean labClock = profile.get("Hoc.StaticSntpServers[1].HostName").isEmpty()
                && profile.get("SecureTA.LabAllowUnsynchronisedClock").isEmpty();
        if (labClock) {
            profile = profile.withSntpServer(sntpServer());
        }
        Path home = dir.resolve(name + ".home");
        Files.createDirectories(home.resolve("certs/other"));
        Files.copy(kit.caCertificate(), home.resolve("certs/other/ca.crt"), StandardCopyOption.REPLACE_EXISTING);
        progress.println("--> starting unit " + name + " (home " + home + ")");
        RunningUnit unit = RunningUnit.start(distribution, name, home, profile);
        units.add(unit);
        if (labClock) {
            String clock = unit.awaitStatus(CLOCK_SYNC, "CLOCK clock=unit", "state=Synchronised");
            progress.println("    " + name + ": " + clock.substring(clock.indexOf("CLOCK")) + " (NTP satisfied, no lab clock override)");
        } else if (profile.get("SecureTA.LabAllowUnsynchronisedClock").equals("Enable")) {
            progress.println("    " + name + ": lab clock override on (SecureTA.LabAllowUnsynchronisedClock=Enable): TLS runs on an unsynchronised clock");
        }
        return unit;
    }

    /** Stops one unit (to start it again with another profile, as the guide's "restart the required services"). */
    public void stopUnit(RunningUnit unit) throws Exception {
        units.remove(unit);
        if (ladderAtClose) {
            saveTrace(unit, "-" + (stoppedUnitsTraces.size() + 1)).ifPresent(t -> stoppedUnitsTraces.put(t, unit.name()));
        }
        unit.close();
    }

    /**
     * At close, before the units stop, draws the SIP message ladder of everything the lab's units
     * sent and received (units stopped earlier included), merged into one arrow per message, in
     * the progress output and as {@code DIR/ladder.svg}.
     */
    public ProxyLab withLadderAtClose() {
        ladderAtClose = true;
        return this;
    }

    private Optional<Path> saveTrace(RunningUnit unit, String suffix) {
        Path file = dir.resolve(unit.name() + suffix + "-trace.txt");
        try {
            MergedLadder.saveTrace(unit::command, file);
            return Optional.of(file);
        } catch (ReflectiveOperationException | RuntimeException e) {
            progress.println("--> no message trace from " + unit.name() + ": " + e);
            return Optional.empty();
        }
    }

    private void drawLadder() {
        if (units.isEmpty()) {
            return;
        }
        Map<Path, String> traces = new LinkedHashMap<>(stoppedUnitsTraces);
        units.subList(1, units.size()).forEach(u -> saveTrace(u, "").ifPresent(t -> traces.put(t, u.name())));
        Path svg = dir.resolve("ladder.svg");
        try {
            String ladder = MergedLadder.draw(units.get(0)::command, units.get(0).name(), traces, Map.of(registrar(), kind.displayName()), svg);
            progress.println("SIP message ladder (" + svg + "):");
            ladder.lines().forEach(l -> progress.println("  " + l));
        } catch (ReflectiveOperationException | RuntimeException e) {
            progress.println("--> no message ladder: " + e);
        }
    }

    @Override
    public void close() throws Exception {
        if (ladderAtClose) {
            drawLadder();
        }
        Exception first = null;
        for (RunningUnit unit : units) {
            try {
                unit.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        units.clear();
        sntp.close();
        if (proxy != null) {
            proxy.close();
        }
        if (first != null) {
            throw first;
        }
    }
}
