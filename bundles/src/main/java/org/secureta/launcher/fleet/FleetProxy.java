package org.secureta.launcher.fleet;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.secureta.launcher.UnitHome;
import org.secureta.launcher.scenario.LabKit;
import org.secureta.launcher.scenario.MissingToolException;
import org.secureta.launcher.scenario.ProxyConfig;
import org.secureta.proxykit.FreePorts;
import org.secureta.proxykit.KamailioTlsWorkers;
import org.secureta.proxykit.Proxy;
import org.secureta.proxykit.ProxyProcess;

/**
 * The fleet's own proxy ({@code --proxy kamailio|opensips}): a lab CA and the proxy's
 * certificate (as {@code ta certs} makes them), the configuration {@code ta opensips-config}
 * generates from a profile naming every unit's line and credentials, sized for the fleet, and
 * the proxy run by the proxy kit.
 *
 * <p>Sizing: Kamailio holds about 88 KiB of shared memory per TLS link (docs/benchmarks.md: 32 MB
 * ran out at 322 links), so {@code -m} is 64 MB plus 128 KiB per unit; worker processes grow
 * with the units (4 up to 1,000 units, one more per 500, at most 16: each serves many links, and
 * this machine has 2 cores); the TCP/TLS connection limits (default 2,048) are raised above the
 * unit count. The generator's script is otherwise run unedited.
 */
final class FleetProxy implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    private static final Duration START = Duration.ofSeconds(60);

    private final ProxyProcess process;
    private final String registrar;
    private final Path caCertificate;

    private FleetProxy(ProxyProcess process, String registrar, Path caCertificate) {
        this.process = process;
        this.registrar = registrar;
        this.caCertificate = caCertificate;
    }

    static int sharedMemoryMb(int units) {
        return 64 + (units + 7) / 8;
    }

    /**
     * Private memory per proxy process: the generated script checks each digest user's password and SIP user
     * in a chain of conditions, parsed into every process's private memory. Measured with {@code kamailio -c}:
     * 600 users need 13-16 MB, 5,000 users 121-133 MB (about 25 KiB per user); OpenSIPS 3.4 needs less (5,000
     * users: under 32 MB). So 32 KiB per unit on top of the lab's 8 MB.
     */
    static int privateMemoryMb(int units) {
        return 8 + (units + 31) / 32;
    }

    static int workers(int units) {
        return Math.min(16, 4 + Math.max(0, units - 1000) / 500);
    }

    /** The generated script with the fleet's worker and connection counts. */
    static String sized(String script, Proxy kind, int units) {
        return sized(script, kind, units, workers(units));
    }

    /** As {@link #sized(String, Proxy, int)}, with {@code tcpWorkers} Kamailio TCP workers (KamailioTlsWorkers). */
    static String sized(String script, Proxy kind, int units, int tcpWorkers) {
        int workers = workers(units);
        int connections = Math.max(2048, units * 2 + 256);
        if (kind == Proxy.KAMAILIO) {
            return KamailioTlsWorkers.withTcpWorkers(script.replaceFirst("(?m)^children=\\d+$",
                    "# ta fleet: sized for " + units + " units (TLS links are served by the TCP workers)\n"
                    + "children=" + workers + "\ntcp_max_connections=" + connections + "\ntls_max_connections=" + connections), tcpWorkers);
        }
        return script.replaceFirst("(?m)^tcp_workers=\\d+$", "tcp_workers=" + tcpWorkers + "\n"
                + "# ta fleet: sized for " + units + " units\ntcp_max_connections=" + connections);
    }

    /**
     * Starts the proxy for the units' profiles: {@code lines} maps each unit's user to its
     * profile (one line, its credentials). {@code settings}: any unit's profile, whose TLS and
     * interop settings the proxy matches.
     */
    static FleetProxy start(Proxy kind, Path distribution, Path dir, UnitTemplate template, int firstIndex, int endIndex, int totalUnits,
                            PrintStream progress) throws Exception {
        return start(kind, distribution, dir, template, firstIndex, endIndex, totalUnits, java.util.OptionalInt.empty(), progress);
    }

    /** As above, with {@code --proxy-workers}: the TCP workers asked for, or empty for the default (see {@link KamailioTlsWorkers}). */
    static FleetProxy start(Proxy kind, Path distribution, Path dir, UnitTemplate template, int firstIndex, int endIndex, int totalUnits,
                            java.util.OptionalInt askedWorkers, PrintStream progress) throws Exception {
        Path executable = kind.find().orElseThrow(() -> new MissingToolException(kind.command(), kind.absence()));
        Path kitDir = dir.resolve("kit");
        if (!Files.exists(kitDir.resolve("ca/ca.crt"))) {
            progress.println("--> ta certs --out " + kitDir + " --proxy-host " + HOST);
            LabKit.create(distribution, kitDir, HOST, List.of());
        }
        LabKit kit = new LabKit(kitDir);
        int port = FreePorts.tcpAndUdp();
        String registrar = HOST + ":" + port;
        Path profile = dir.resolve("proxy.profile");
        UnitHome.writeSecret(profile, proxyProfile(template, registrar, firstIndex, endIndex).getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("proxy");
        ProxyConfig config = ProxyConfig.generate(distribution, profile, out, kit.proxyCertDir(), kind, executable);
        progress.println("--> " + config.command());
        int units = endIndex - firstIndex;
        int tcpWorkers = askedWorkers.isPresent() ? askedWorkers.getAsInt()
                : kind == Proxy.KAMAILIO ? KamailioTlsWorkers.forLab(executable, workers(units)) : workers(units);
        Files.writeString(config.script(), sized(Files.readString(config.script()), kind, units, tcpWorkers));
        int memory = sharedMemoryMb(units);
        int privateMemory = privateMemoryMb(units);
        if (kind == Proxy.KAMAILIO && askedWorkers.isEmpty()) {
            KamailioTlsWorkers.reason(executable).ifPresent(why -> progress.println("--> " + why + "; --proxy-workers W for more"));
        }
        progress.println("--> " + executable + " -f " + config.script() + " -m " + memory + " -M " + privateMemory + " (" + tcpWorkers + (tcpWorkers == 1 ? " worker" : " workers") + ", for "
                + units + " units; listening on tls:" + registrar + ")");
        ProxyProcess process = ProxyProcess.start(kind, executable, config.script(), new InetSocketAddress(HOST, port),
                dir.resolve(kind.command() + "-run"), START, memory, privateMemory);
        return new FleetProxy(process, registrar, kit.caCertificate());
    }

    /**
     * One profile for {@code ta opensips-config}: unit 0's settings, and every unit's line and
     * credentials under a row of its own ({@code u<user>}), so that the proxy knows all users.
     */
    static String proxyProfile(UnitTemplate template, String registrar, int firstIndex, int endIndex) {
        Map<String, String> merged = new LinkedHashMap<>();
        template.unit(firstIndex, registrar).forEach((k, v) -> {
            if (!k.startsWith("SipEp.UserAgent[") && !k.startsWith("SipEp.Authentication[")) {
                merged.put(k, v);
            }
        });
        StringBuilder s = new StringBuilder(UnitTemplate.text(merged));
        for (int i = firstIndex; i < endIndex; i++) {
            String row = "u" + template.user(i);
            template.unit(i, registrar).forEach((k, v) -> {
                if (k.startsWith("SipEp.UserAgent[") || k.startsWith("SipEp.Authentication[")) {
                    String table = k.substring(0, k.indexOf('['));
                    s.append(table).append('[').append(row).append(']').append(k.substring(k.indexOf(']') + 1)).append('=').append(v).append('\n');
                }
            });
        }
        return s.toString();
    }

    String registrar() {
        return registrar;
    }

    Path caCertificate() {
        return caCertificate;
    }

    ProxyProcess process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
