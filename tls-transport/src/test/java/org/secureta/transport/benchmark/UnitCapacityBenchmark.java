package org.secureta.transport.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * How many units one JVM holds against one Kamailio (sized for them: shared memory, connection
 * limits), each its own SipUnit (JAIN-SIP stack), persistent TLS link from its own local port,
 * and registration. The score is the time from the first start to all {@code units} Registered
 * (started {@value #STARTERS} at a time). Printed after each run: the heap (after a full GC) and
 * threads the units hold, per unit, what those threads are (by name), and the process CPU the
 * idle units burn over {@value #IDLE_SECONDS} s (process CPU time, so the figure holds on a
 * machine other work shares).
 *
 * <pre>
 * tls-transport/bench/capacity.sh                       # units=500,2000
 * tls-transport/bench/capacity.sh -p units=5000
 * </pre>
 * (the script gives JMH a 60 minute iteration timeout: thousands of units take longer than its default 10).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx3g", "-Xss512k"})
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class UnitCapacityBenchmark {

    static final int STARTERS = 4;
    static final int IDLE_SECONDS = 20;

    @Param({"500", "2000"})
    public int units;

    private TestCa ca;
    private Kamailio registrar;
    private final List<SipUnit> running = Collections.synchronizedList(new ArrayList<>());
    private long heapBefore;
    private int threadsBefore;
    private Map<String, Integer> threadKindsBefore;

    @Setup(Level.Trial)
    public void startRegistrar() throws Exception {
        if (!Kamailio.installed()) {
            throw new IllegalStateException(Kamailio.NOT_INSTALLED);
        }
        ca = TestCa.create("SecureTA capacity CA");
        // No digest users: every REGISTER is answered 200 directly, so the figure is the unit's,
        // not the challenge's. Links stay open for the whole run (no idle lifetime cuts them).
        registrar = Kamailio.start(ca, new Kamailio.Options().sizedFor(units).connectionLifetime(Duration.ofHours(2)));
        heapBefore = usedHeapAfterGc();
        threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        threadKindsBefore = threadKinds();
    }

    /** All units started, {@value #STARTERS} at a time, and each waited for until Registered over its own TLS link. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int registerAllUnits() throws Exception {
        ExecutorService starters = Executors.newFixedThreadPool(STARTERS);
        try {
            List<Future<?>> started = new ArrayList<>();
            for (int i = 0; i < units; i++) {
                String user = Integer.toString(100000 + i);
                started.add(starters.submit(() -> {
                    UnitEvents events = new UnitEvents();
                    // Local ports from 20000 upward: each unit claims the next free one.
                    SipUnit unit = Units.tls(ca.credentials(null)).with("persistentBasePort", 20000).with("cipherSuite", "CS3")
                            .gateway("gw", registrar.hostPort()).line("1", user, "", "gw").start(events);
                    running.add(unit);
                    events.await(UnitEvents.registration("1", "Registered"), Duration.ofSeconds(60));
                    return null;
                }));
            }
            for (Future<?> unit : started) {
                unit.get();
            }
        } finally {
            starters.shutdown();
        }
        return running.size();
    }

    @TearDown(Level.Iteration)
    public void reportAndStop() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long heap = usedHeapAfterGc() - heapBefore;
        int threadCount = threads.getThreadCount() - threadsBefore;
        // The registrar's own count (ul.dump's reply is too big for kamcmd past a few hundred contacts).
        java.util.regex.Matcher users = java.util.regex.Pattern.compile("registered_users\\s*=\\s*(\\d+)")
                .matcher(registrar.kamcmd("stats.get_statistics", "usrloc:registered_users"));
        int bindings = users.find() ? Integer.parseInt(users.group(1)) : -1;
        // Idle: every unit registered and linked, nothing to do but wait for its timers.
        Thread.sleep(5000);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long wallStart = System.nanoTime();
        Thread.sleep(IDLE_SECONDS * 1000L);
        double idleCores = (os.getProcessCpuTime() - cpuStart) / (double) (System.nanoTime() - wallStart);
        int n = Math.max(1, running.size());
        System.out.printf("%n[capacity] units=%d registered=%d kamailioBindings=%d heapHeld=%.1f MiB heapPerUnit=%.0f KiB"
                        + " threads=%d threadsPerUnit=%.2f idleCpu=%.1f%% of a core over %d s (%.4f%% per unit) load=%s%n",
                units, running.size(), bindings, heap / 1048576.0, heap / 1024.0 / n, threadCount, threadCount / (double) n,
                100 * idleCores, IDLE_SECONDS, 100 * idleCores / n, loadAverage());
        Map<String, Integer> kinds = threadKinds();
        threadKindsBefore.forEach((kind, count) -> kinds.merge(kind, -count, Integer::sum));
        kinds.values().removeIf(count -> count == 0);
        System.out.println("[capacity] threads added, by name (digits as #): " + kinds);
        // JAIN-SIP's stack stop sleeps about a second: close the units side by side.
        ExecutorService closer = Executors.newFixedThreadPool(64);
        List.copyOf(running).forEach(unit -> closer.execute(unit::close));
        closer.shutdown();
        closer.awaitTermination(10, TimeUnit.MINUTES);
        running.clear();
    }

    @TearDown(Level.Trial)
    public void stopRegistrar() {
        if (registrar != null) {
            registrar.close();
        }
    }

    /** Live threads counted by name, digits replaced by '#': "secureta-work-#", "TLSMessageChannelThread"... */
    private static Map<String, Integer> threadKinds() {
        Map<String, Integer> kinds = new TreeMap<>();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            if (info != null) {
                kinds.merge(info.getThreadName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
            }
        }
        return kinds;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
