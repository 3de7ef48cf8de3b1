package org.secureta.transport.benchmark;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * How many units one JVM holds against one Kamailio, each its own SipUnit (JAIN-SIP stack),
 * persistent TLS link from its own local port, and registration: the time to bring {@code units}
 * units to Registered one after the other, and (printed after each run, measured after a full GC)
 * the heap and threads they hold, per unit.
 *
 * <pre>
 * tls-transport/bench/capacity.sh            # units=50,100,200
 * tls-transport/bench/capacity.sh -p units=400
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class UnitCapacityBenchmark {

    @Param({"50", "100", "200"})
    public int units;

    private TestCa ca;
    private Kamailio registrar;
    private final List<SipUnit> running = new ArrayList<>();
    private long heapBefore;
    private int threadsBefore;

    @Setup(Level.Trial)
    public void startRegistrar() throws Exception {
        if (!Kamailio.installed()) {
            throw new IllegalStateException(Kamailio.NOT_INSTALLED);
        }
        ca = TestCa.create("SecureTA capacity CA");
        // No digest users: every REGISTER is answered 200 directly, so the figure is the unit's, not the challenge's.
        registrar = Kamailio.start(ca, new Kamailio.Options());
        heapBefore = usedHeapAfterGc();
        threadsBefore = Thread.activeCount();
    }

    /** All units started one after the other, each waited for until Registered over its own TLS link. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int registerAllUnits() throws Exception {
        for (int i = 0; i < units; i++) {
            UnitEvents events = new UnitEvents();
            // Local ports from 20000 upward: each unit claims the next free one.
            SipUnit unit = Units.tls(ca.credentials(null)).with("persistentBasePort", 20000).with("cipherSuite", "CS3")
                    .gateway("gw", registrar.hostPort()).line("1", Integer.toString(10000 + i), "", "gw").start(events);
            running.add(unit);
            events.await(UnitEvents.registration("1", "Registered"), Duration.ofSeconds(20));
        }
        return running.size();
    }

    @TearDown(Level.Iteration)
    public void reportAndStop() throws Exception {
        long heap = usedHeapAfterGc() - heapBefore;
        int threads = Thread.activeCount() - threadsBefore;
        System.out.printf("%n[capacity] units=%d registered=%d heapHeld=%.1f MiB heapPerUnit=%.0f KiB threadsPerUnit=%.1f kamailioBindings=%d%n",
                units, running.size(), heap / 1048576.0, heap / 1024.0 / Math.max(1, running.size()),
                threads / (double) Math.max(1, running.size()), registrar.kamcmd("ul.dump").split("AoR:", -1).length - 1);
        // JAIN-SIP's stack stop sleeps about a second: close the units side by side.
        java.util.concurrent.ExecutorService closer = java.util.concurrent.Executors.newFixedThreadPool(32);
        running.forEach(unit -> closer.execute(unit::close));
        closer.shutdown();
        closer.awaitTermination(5, TimeUnit.MINUTES);
        running.clear();
    }

    @TearDown(Level.Trial)
    public void stopRegistrar() {
        if (registrar != null) {
            registrar.close();
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
