package org.secureta.launcher.fleet;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.secureta.launcher.scenario.MissingToolException;
import org.secureta.provisioning.internal.UnitConfigurations;
import org.secureta.provisioning.profile.DeviceSchema;
import org.secureta.provisioning.profile.Profile;
import org.secureta.provisioning.profile.ProfileException;
import org.secureta.provisioning.profile.ProfileParser;
import org.secureta.proxykit.Proxy;
import org.secureta.srtp.CallAgentConfiguration;
import org.secureta.srtp.internal.KeyManagements;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.mikey.MikeyKeyManagement;
import org.secureta.srtp.sdes.SdesKeyManagement;
import org.secureta.transport.CertificateValidation;
import org.secureta.transport.GatewayConfiguration;
import org.secureta.transport.LineConfiguration;
import org.secureta.transport.TlsCredentials;
import org.secureta.transport.TransportConfiguration;
import org.secureta.transport.internal.ConfigProxies;
import org.secureta.transport.pki.CertificateChecker;
import org.secureta.transport.pki.ExpectedServer;
import org.secureta.transport.pki.PemFiles;
import org.secureta.transport.pki.UnitTrustManager;

/**
 * Runs a fleet (docs/fleet.md), inside the class loader {@link FleetCommand} gives it (the
 * distribution's data-plane and provisioning jars): optionally its own proxy, then its units one
 * after another (at most {@value #STARTING} waiting for their first registration at a time, so
 * that the proxy sees a steady stream, not a storm), progress lines, the call load, the report.
 */
public final class FleetRunner {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 64;
    static final int MISSING_TOOL = 69;
    /** Units started but not yet through their first registration, at most. */
    static final int STARTING = 32;
    /** Distinct unit problems printed; the rest only counted. */
    private static final int PROBLEMS_SHOWN = 10;

    private final FleetOptions options;
    private final Path distribution;
    private final PrintStream out;
    private final PrintStream err;
    private final FleetStatistics statistics = new FleetStatistics();
    private final List<FleetUnit> units = new ArrayList<>();
    private final Deque<FleetUnit> idle = new ArrayDeque<>();
    /** Caller's call id to its callee, while the call lasts. */
    private final Map<String, FleetUnit> callees = new ConcurrentHashMap<>();
    private final AtomicInteger problems = new AtomicInteger();
    /**
     * A unit's warning when it has no Host certificate. A fleet unit has none by design: the proxy
     * reaches it over the TLS link it registered on (RFC 5626 connection reuse), so the warning
     * of every unit was counted as 600 "unit problems" in a healthy 600-unit run.
     */
    private static final String NO_TLS_SERVER = "no Host certificate: the TLS server on SecurePort";
    private final java.util.concurrent.atomic.AtomicBoolean noTlsServerSaid = new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<String, Boolean> problemsShown = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "fleet-load");
        t.setDaemon(true);
        return t;
    });
    /**
     * Every unit's media senders and call timers: one thread for the whole fleet instead of one per unit (a
     * session's sender tasks assume one thread), the sessions sending on one 20 ms grid so that a wake-up sends all
     * due frames (RtpSession); what arrives is handled by srtp-ta's one receiver thread.
     */
    private final ScheduledExecutorService media = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "fleet-media");
        t.setDaemon(true);
        return t;
    });
    private volatile FleetProxy proxy;
    /** The fleet's /metrics, with --metrics-port. */
    private FleetMetrics metrics;
    private volatile boolean reported;
    private long startNanos;
    /** The units this process runs (its shard's slice), started or not yet. */
    private int planned;
    private volatile boolean placing;
    private long skipped;
    private Writer csv;
    private long attemptsAtLastRow;
    private long lastRowNanos;

    private FleetRunner(FleetOptions options, Path distribution, PrintStream out, PrintStream err) {
        this.options = options;
        this.distribution = distribution;
        this.out = out;
        this.err = err;
    }

    /** Entry point in the fleet's class loader: {@code ta fleet ARGS}, exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, String distribution, String home) throws Exception {
        FleetOptions options;
        try {
            options = FleetOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            err.println("ta fleet: " + e.getMessage());
            return USAGE;
        }
        FleetRunner runner = new FleetRunner(options, Path.of(distribution), out, err);
        return runner.run(Path.of(home));
    }

    private int run(Path home) throws Exception {
        Shard shard = options.shard();
        int first = shard.first(options.units());
        int end = shard.end(options.units());
        UnitTemplate template;
        try {
            template = UnitTemplate.parse(Files.readString(options.template(), StandardCharsets.UTF_8), options.template().toString(),
                    options.units(), options.firstUser().orElse(-1));
        } catch (IOException e) {
            err.println("ta fleet: cannot read the template " + options.template() + ": " + e.getMessage());
            return USAGE;
        } catch (IllegalArgumentException e) {
            err.println("ta fleet: " + e.getMessage());
            return USAGE;
        }
        Files.createDirectories(home.resolve("certs/other"));
        out.println("fleet: " + (end - first) + " units" + (shard.count() > 1 ? " (shard " + shard + " of " + options.units() + ": units "
                + first + ".." + (end - 1) + ")" : "") + ", users " + template.user(first) + ".." + template.user(end - 1)
                + ", link ports from " + template.linkPort(first) + ", home " + home);
        try {
            if (options.metricsPort().isPresent()) {
                try {
                    metrics = FleetMetrics.start(options.metricsAddress(), options.metricsPort().getAsInt());
                } catch (IOException | IllegalArgumentException e) {
                    err.println("ta fleet: cannot serve metrics on " + options.metricsAddress() + ":" + options.metricsPort().getAsInt()
                            + ": " + e.getMessage());
                    return USAGE;
                }
                out.println("fleet: metrics at " + metrics.url());
            }
            String registrar = null;
            if (options.proxy().isPresent()) {
                Proxy kind = Proxy.parse(options.proxy().get()).orElseThrow();
                try {
                    proxy = FleetProxy.start(kind, distribution, home, template, first, end, options.units(), options.proxyWorkers(), out);
                    // Ctrl-C: the shutdown hook (see runUnits) stops the proxy too; it is a process of its own.
                } catch (MissingToolException e) {
                    err.println("ta fleet: " + e.getMessage());
                    return MISSING_TOOL;
                }
                registrar = proxy.registrar();
                Files.copy(proxy.caCertificate(), home.resolve("certs/other/fleet-ca.crt"), StandardCopyOption.REPLACE_EXISTING);
            }
            return runUnits(home, template, first, end, registrar);
        } finally {
            closeProxy();
            if (metrics != null) {
                metrics.close();
            }
        }
    }

    private int runUnits(Path home, UnitTemplate template, int first, int end, String registrar) throws Exception {
        List<X509Certificate> anchors = trustAnchors(home.resolve("certs/other"));
        ProfileParser parser = new ProfileParser(DeviceSchema.DGW_2_0);
        if (options.csv().isPresent()) {
            Path file = options.csv().get().toAbsolutePath();
            Files.createDirectories(file.getParent());
            csv = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            csv.write(FleetStatistics.csvHeader() + "\n");
        }
        startNanos = System.nanoTime();
        lastRowNanos = startNanos;
        planned = end - first;
        // Interrupted (Ctrl-C, SIGTERM from an orchestrator): the report so far, then units and proxy stopped.
        Thread hook = new Thread(() -> {
            if (!reported) {
                progress();
                out.print(statistics.report(planned, registeredCount(), seconds()));
                out.flush();
            }
            closeUnits();
            closeProxy();
        }, "fleet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        timer.scheduleAtFixedRate(this::progress, options.intervalSeconds(), options.intervalSeconds(), TimeUnit.SECONDS);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(options.registerTimeoutSeconds()).toNanos();
            java.util.concurrent.Semaphore starting = new java.util.concurrent.Semaphore(STARTING);
            long rampStart = System.nanoTime();
            for (int i = first; i < end; i++) {
                if (options.registerRate().isPresent()) {
                    // --register-rate: unit i starts no earlier than i / R seconds into the ramp (a deliberate pace, like SIPp's -r).
                    long due = rampStart + (long) ((i - first) * 1e9 / options.registerRate().getAsDouble());
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                Map<String, String> variables = template.unit(i, registrar);
                Profile profile;
                try {
                    profile = parser.parse(UnitTemplate.text(variables), "unit " + template.user(i));
                } catch (ProfileException e) {
                    // Secrets never reach the message: the parser names variables, not values of secret ones.
                    err.println("ta fleet: the template does not make a valid unit profile (unit " + i + ", user " + template.user(i) + "):\n"
                            + e.getMessage());
                    return USAGE;
                }
                Map<String, Map<String, Object>> configs = UnitConfigurations.of(profile, home);
                TransportConfiguration transport = ConfigProxies.of(TransportConfiguration.class, configs.get(TransportConfiguration.PID));
                List<GatewayConfiguration> gateways = factory(configs, GatewayConfiguration.FACTORY_PID, GatewayConfiguration.class);
                List<LineConfiguration> lines = factory(configs, LineConfiguration.FACTORY_PID, LineConfiguration.class);
                CallAgentConfiguration calls = ConfigProxies.of(CallAgentConfiguration.class, configs.get(CallAgentConfiguration.PID));
                if (transport.clientAuthentication()) {
                    err.println("ta fleet: the template asks for TLS client authentication (SipEp.InteropTlsClientAuthenticationEnable);"
                            + " fleet units have no Host certificate of their own yet");
                    return USAGE;
                }
                KeyManagements keyManagements = keyManagements(configs);
                String domain = gateways.stream().filter(g -> g.name().equals(template.gateway())).map(GatewayConfiguration::registrarHost)
                        .filter(h -> !h.isBlank()).findFirst().orElse(registrar == null ? "127.0.0.1" : registrar);
                FleetUnit unit = new FleetUnit(i, Integer.toString(template.user(i)), template.lineRow(), domain, statistics, new FleetUnit.CallEnd() {
                    @Override
                    public void connected(FleetUnit caller, String id) {
                        callConnected(caller, id);
                    }

                    @Override
                    public void ended(FleetUnit caller, String id) {
                        callEnded(caller, id);
                    }
                },
                        this::problem);
                if (metrics != null) {
                    unit.observedBy(metrics::accept);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !starting.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    err.println("ta fleet: --register-timeout " + options.registerTimeoutSeconds() + " s passed while starting units; "
                            + units.size() + " started");
                    break;
                }
                try {
                    unit.start(transport, gateways, lines, credentials(anchors, transport.certificateValidation()), calls, keyManagements,
                            mediaAddress(calls, transport), media);
                } catch (Exception e) {
                    starting.release();
                    problem("unit " + template.user(i) + " did not start: " + e.getMessage());
                    unit.close();
                    continue;
                }
                synchronized (units) {
                    units.add(unit);
                }
                timer.execute(() -> {
                    try {
                        unit.awaitFirstOutcome(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        starting.release();
                    }
                });
            }
            awaitRegistered(deadline);
            int registered = registeredCount();
            out.printf("fleet: %d of %d units registered, %d links up, after %.1f s (JVM: %d threads, %d MiB of heap in use)%n", registered,
                    end - first, linksUp(), seconds(), java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount(),
                    java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
            if (options.calls()) {
                runCalls();
            } else if (options.durationSeconds() > 0) {
                Thread.sleep(Duration.ofSeconds(options.durationSeconds()).toMillis());
            } else {
                out.println("fleet: running; Ctrl-C stops it");
                new CountDownLatch(1).await();
            }
            progress();
            int finalRegistered = registeredCount();
            reported = true;
            out.print(statistics.report(planned, finalRegistered, seconds()));
            if (skipped > 0) {
                out.println("  calls not placed          " + skipped + " (no two registered units free at that moment)");
            }
            if (problems.get() > 0) {
                out.println("  unit problems             " + problems.get() + " (the first " + Math.min(PROBLEMS_SHOWN, problemsShown.size())
                        + " distinct ones above)");
            }
            if (finalRegistered < planned) {
                printWhyNotRegistered();
            }
            List<String> missed = statistics.missed(options, end - first, Math.max(registered, finalRegistered));
            missed.forEach(m -> out.println("fleet: threshold missed: " + m));
            return missed.isEmpty() ? OK : FAILED;
        } finally {
            timer.shutdownNow();
            closeUnits();
            media.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            if (csv != null) {
                csv.close();
            }
        }
    }

    private void awaitRegistered(long deadline) throws InterruptedException {
        int total;
        synchronized (units) {
            total = units.size();
        }
        // Each unit's first outcome (or the deadline) releases its start slot; then all are counted.
        for (FleetUnit unit : snapshot()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            unit.awaitFirstOutcome(Duration.ofNanos(left));
        }
        // A unit whose first attempt failed (e.g. 401 before the proxy knew it) retries on its own: give it until the deadline.
        while (registeredCount() < total && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /** The call load: R calls a second between free registered units, each S seconds long, for D seconds. */
    private void runCalls() throws InterruptedException {
        synchronized (idle) {
            idle.addAll(snapshot());
        }
        placing = true;
        long periodMicros = Math.max(1, Math.round(1_000_000 / options.callsPerSecond()));
        out.printf("fleet: placing %.2f calls/s of %d s each for %d s%n", options.callsPerSecond(), options.callSeconds(), options.durationSeconds());
        var placer = timer.scheduleAtFixedRate(this::placeCall, 0, periodMicros, TimeUnit.MICROSECONDS);
        Thread.sleep(Duration.ofSeconds(options.durationSeconds()).toMillis());
        placing = false;
        placer.cancel(false);
        // The calls in progress end as they would (their hang-up is scheduled); wait for them, a bounded time.
        long deadline = System.nanoTime() + Duration.ofSeconds(options.callSeconds() + 40).toNanos();
        while (statistics.active() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private void placeCall() {
        if (!placing) {
            return;
        }
        FleetUnit caller;
        FleetUnit callee;
        synchronized (idle) {
            caller = nextRegistered();
            callee = caller == null ? null : nextRegistered();
            if (caller == null || callee == null) {
                if (caller != null) {
                    idle.addFirst(caller);
                }
                skipped++;
                return;
            }
        }
        Optional<String> id = caller.call(callee);
        if (id.isEmpty()) {
            release(caller, callee);
            return;
        }
        callees.put(key(caller, id.get()), callee);
    }

    private FleetUnit nextRegistered() {
        for (int n = idle.size(); n > 0; n--) {
            FleetUnit u = idle.pollFirst();
            if (u.registered()) {
                return u;
            }
            idle.addLast(u);
        }
        return null;
    }

    private static String key(FleetUnit caller, String id) {
        return caller.index() + "/" + id;
    }

    /** The caller hangs up S seconds after its call connected (SIPp's pause before BYE). */
    private void callConnected(FleetUnit caller, String id) {
        timer.schedule(() -> caller.hangup(id), options.callSeconds(), TimeUnit.SECONDS);
    }

    private void callEnded(FleetUnit caller, String id) {
        FleetUnit callee = callees.remove(key(caller, id));
        release(caller, callee);
    }

    private void release(FleetUnit caller, FleetUnit callee) {
        synchronized (idle) {
            idle.addLast(caller);
            if (callee != null) {
                idle.addLast(callee);
            }
        }
    }

    private void progress() {
        try {
            long now = System.nanoTime();
            double interval = (now - lastRowNanos) / 1e9;
            long attemptsNow = statistics.attempts();
            double cps = interval <= 0 ? 0 : (attemptsNow - attemptsAtLastRow) / interval;
            int total = planned;
            out.printf("fleet %6.1fs: links up %d/%d, registered %d/%d, calls active %d, attempted %d, connected %d, failed %d, %.1f calls/s%n",
                    seconds(), linksUp(), total, registeredCount(), total, statistics.active(), attemptsNow, statistics.connected(),
                    statistics.failed(), cps);
            if (csv != null) {
                synchronized (this) {
                    csv.write(statistics.row(Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), seconds(), total, linksUp(),
                            registeredCount(), attemptsAtLastRow, interval) + "\n");
                    csv.flush();
                }
            }
            attemptsAtLastRow = attemptsNow;
            lastRowNanos = now;
        } catch (IOException | RuntimeException e) {
            err.println("ta fleet: progress: " + e);
        }
    }

    /** The units not registered, grouped by why (their last link or line event), most frequent first. */
    private void printWhyNotRegistered() {
        Map<String, List<String>> byReason = new java.util.TreeMap<>();
        for (FleetUnit u : snapshot()) {
            if (!u.registered()) {
                byReason.computeIfAbsent(u.whyNotRegistered().replace(u.user(), "USER"), k -> new ArrayList<>()).add(u.user());
            }
        }
        int started = snapshot().size();
        out.println("  not registered            " + (planned - registeredCount()) + (started < planned ? " (" + (planned - started)
                + " never started)" : ""));
        byReason.entrySet().stream().sorted((a, b) -> b.getValue().size() - a.getValue().size()).limit(5).forEach(e -> out.println(
                "    " + e.getValue().size() + " x " + e.getKey() + " (users " + String.join(",", e.getValue().subList(0,
                        Math.min(5, e.getValue().size()))) + (e.getValue().size() > 5 ? ",..." : "") + ")"));
    }

    private void problem(String message) {
        if (message.contains(NO_TLS_SERVER)) {
            // Expected of a fleet unit, not a problem: said once.
            if (noTlsServerSaid.compareAndSet(false, true)) {
                err.println("fleet: the units have no Host certificate, so their TLS servers stay closed;"
                        + " calls reach them over their registered links");
            }
            return;
        }
        problems.incrementAndGet();
        // Like problems once: "unit 1007: X" and "unit 1008: X" are the same problem.
        String kind = message.replaceFirst("^unit \\d+", "unit N");
        if (problemsShown.size() < PROBLEMS_SHOWN && problemsShown.putIfAbsent(kind, Boolean.TRUE) == null) {
            err.println("fleet: " + message);
        }
    }

    private List<FleetUnit> snapshot() {
        synchronized (units) {
            return List.copyOf(units);
        }
    }

    private int registeredCount() {
        return (int) snapshot().stream().filter(FleetUnit::registered).count();
    }

    private int linksUp() {
        return (int) snapshot().stream().filter(FleetUnit::linkUp).count();
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void closeProxy() {
        FleetProxy p = proxy;
        proxy = null;
        if (p != null) {
            try {
                p.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes every unit, side by side: a JAIN-SIP stack takes about a second to stop. */
    private void closeUnits() {
        List<FleetUnit> all;
        synchronized (units) {
            all = List.copyOf(units);
            units.clear();
        }
        if (all.isEmpty()) {
            return;
        }
        ExecutorService closer = Executors.newFixedThreadPool(Math.min(32, all.size()));
        all.forEach(u -> closer.execute(u::close));
        closer.shutdown();
        try {
            closer.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <A extends java.lang.annotation.Annotation> List<A> factory(Map<String, Map<String, Object>> configs, String factoryPid,
                                                                             Class<A> type) {
        List<A> result = new ArrayList<>();
        configs.forEach((pid, properties) -> {
            if (pid.startsWith(factoryPid + "~")) {
                result.add(ConfigProxies.of(type, properties));
            }
        });
        return result;
    }

    /** SDES and MIKEY with the profile's own settings (the MIKEY pre-shared key stays inside MikeyKeyManagement). */
    private static KeyManagements keyManagements(Map<String, Map<String, Object>> configs) {
        List<KeyManagement> all = List.of(new SdesKeyManagement(configs.getOrDefault(SdesKeyManagement.PID, Map.of())),
                new MikeyKeyManagement(configs.getOrDefault(MikeyKeyManagement.PID, Map.of())));
        all.forEach(k -> org.secureta.srtp.sdp.SecretAttributes.declare(k.needs().attributeNames()));
        return new KeyManagements() {
            @Override
            public Optional<KeyManagement> named(String name) {
                return all.stream().filter(k -> k.name().equals(name)).findFirst();
            }

            @Override
            public Collection<KeyManagement> all() {
                return all;
            }
        };
    }

    /** SecureTA.MediaAddress, else the transport's local address, else this host's (as the unit's call agent chooses). */
    private static InetAddress mediaAddress(CallAgentConfiguration calls, TransportConfiguration transport) throws IOException {
        String media = calls.mediaAddress().isBlank() ? transport.localAddress() : calls.mediaAddress();
        return media.isBlank() ? InetAddress.getLocalHost() : InetAddress.getByName(media.strip());
    }

    /** The "Other" certificates of the fleet's home: the CAs every unit trusts. */
    private static List<X509Certificate> trustAnchors(Path folder) throws Exception {
        List<X509Certificate> anchors = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.{crt,pem,cer}")) {
            for (Path file : files) {
                anchors.addAll(PemFiles.readCertificates(file));
            }
        }
        return anchors;
    }

    private static TlsCredentials credentials(List<X509Certificate> anchors, CertificateValidation level) {
        return new TlsCredentials() {
            @Override
            public X509ExtendedTrustManager trustManager() {
                return new UnitTrustManager(new CertificateChecker(level, anchors, Clock.systemUTC()), ExpectedServer.peerHost());
            }

            @Override
            public X509ExtendedKeyManager keyManager() {
                return null;
            }
        };
    }
}
