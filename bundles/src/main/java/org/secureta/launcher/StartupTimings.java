package org.secureta.launcher;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Where a container's start-up goes, bundle by bundle (issue 19): the time to install each jar,
 * to start each bundle (its activator, and for SCR-managed bundles the immediate components SCR
 * activates while the bundle starts), each start level, and the JVM's class loading and CPU time
 * meanwhile. {@code ta run --debug} prints it as {@code STARTUP} lines; the demo writes it to the
 * log file. Measuring costs two {@code nanoTime} calls per bundle event.
 */
final class StartupTimings implements SynchronousBundleListener, FrameworkListener {

    private final long startNanos = System.nanoTime();
    private final long startCpuNanos = processCpuNanos();
    private final long startClasses = loadedClasses();
    private final Map<Long, Long> starting = new ConcurrentHashMap<>();
    private final Map<String, Long> installMicros = new ConcurrentHashMap<>();
    private final Map<String, Long> startMicros = new ConcurrentHashMap<>();
    private final List<String> phases = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long lastMark = startNanos;

    /** Marks the end of a phase of the launcher's own (framework init, installing, ...). */
    void phase(String name) {
        long now = System.nanoTime();
        phases.add(name + "=" + (now - lastMark) / 1_000_000 + "ms");
        lastMark = now;
    }

    void installed(String bsn, long nanos) {
        installMicros.put(bsn == null ? "?" : bsn, nanos / 1000);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        if (event.getType() == BundleEvent.STARTING) {
            starting.put(b.getBundleId(), System.nanoTime());
        } else if (event.getType() == BundleEvent.STARTED) {
            Long began = starting.remove(b.getBundleId());
            if (began != null) {
                startMicros.put(String.valueOf(b.getSymbolicName()), (System.nanoTime() - began) / 1000);
            }
        }
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED || event.getType() == FrameworkEvent.STARTED) {
            phase(event.getType() == FrameworkEvent.STARTED ? "framework-started" : "start-level");
        }
    }

    /**
     * The summary: one line for the whole start (wall, CPU, classes loaded, phases), then the
     * bundles by time to start, slowest first, with their install time.
     */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        long wallMs = (System.nanoTime() - startNanos) / 1_000_000;
        long cpuMs = (processCpuNanos() - startCpuNanos) / 1_000_000;
        lines.add(Lines.event("STARTUP", "unit", "secureta", "wallMs", Long.toString(wallMs), "cpuMs", Long.toString(cpuMs),
                "jvmUptimeMs", Long.toString(ManagementFactory.getRuntimeMXBean().getUptime()),
                "classesLoaded", Long.toString(loadedClasses() - startClasses), "phases", String.join(",", phases)));
        List<String> names = new ArrayList<>(installMicros.keySet());
        startMicros.keySet().stream().filter(n -> !installMicros.containsKey(n)).forEach(names::add);
        names.sort(Comparator.comparing((String n) -> -startMicros.getOrDefault(n, 0L)).thenComparing(n -> -installMicros.getOrDefault(n, 0L)));
        for (String name : names) {
            lines.add(Lines.event("STARTUP", "bundle", name, "installMs", millis(installMicros.get(name)), "startMs", millis(startMicros.get(name))));
        }
        return lines;
    }

    private static String millis(Long micros) {
        return micros == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private static long loadedClasses() {
        return ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
    }

    /** The CPU time of the whole JVM (all threads, user and system), or 0 when the JVM does not tell. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? Math.max(0, sun.getProcessCpuTime()) : 0;
    }
}
