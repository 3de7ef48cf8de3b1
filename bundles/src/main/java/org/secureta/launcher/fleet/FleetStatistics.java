package org.secureta.launcher.fleet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a fleet counts, as SIPp reports it: call attempts, connected and failed calls (by SIP
 * response code, or by reason when no response ended them), set-up times, re-registrations,
 * SRTP packets and authentication failures. Thread-safe: units' event threads add, the progress
 * timer reads. Every figure is a plain counter or gauge readable at any time ({@link #counters()}),
 * the form a metrics exporter (Prometheus text format) takes them in.
 */
public final class FleetStatistics {

    private final LongAdder attempts = new LongAdder();
    private final LongAdder connected = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final AtomicLong active = new AtomicLong();
    private final LongAdder registrations = new LongAdder();
    private final LongAdder reRegistrations = new LongAdder();
    private final LongAdder registrationFailures = new LongAdder();
    private final LongAdder linkFailures = new LongAdder();
    private final LongAdder srtpSent = new LongAdder();
    private final LongAdder srtpReceived = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder replays = new LongAdder();
    private final LongAdder strays = new LongAdder();
    private final LongAdder insecureCalls = new LongAdder();
    private final Map<String, LongAdder> failedByCode = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failedByReason = new ConcurrentHashMap<>();
    private final List<Long> setupMillis = Collections.synchronizedList(new ArrayList<>());

    /** A call placed. */
    public void attempt() {
        attempts.increment();
        active.incrementAndGet();
    }

    /** A placed call answered (200 OK, ACKed), {@code setupMillis} after it was placed. */
    public void connected(long setupMillis, boolean secure) {
        connected.increment();
        this.setupMillis.add(setupMillis);
        if (!secure) {
            insecureCalls.increment();
        }
    }

    /**
     * A placed call that never connected. {@code reason} is what the caller's CALL Failed event
     * says: a SIP response ({@code 486 Busy Here}) counts under its code, anything else (a
     * timeout, a refused key management) under the reason.
     */
    public void failed(String reason) {
        failed.increment();
        active.decrementAndGet();
        String r = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
        if (r.length() >= 3 && r.substring(0, 3).chars().allMatch(Character::isDigit) && (r.length() == 3 || r.charAt(3) == ' ')) {
            failedByCode.computeIfAbsent(r.substring(0, 3), k -> new LongAdder()).increment();
        } else {
            failedByReason.computeIfAbsent(r.length() > 120 ? r.substring(0, 120) + "..." : r, k -> new LongAdder()).increment();
        }
    }

    /** A connected call that ended; {@code sent}, {@code received}: its SRTP packets (one side's counters). */
    public void ended(long sent, long received, long authFailures, long replays, long strays) {
        completed.increment();
        active.decrementAndGet();
        media(sent, received, authFailures, replays, strays);
    }

    /** Media counters of the answering side's call (it has its own SRTP contexts and counts). */
    public void media(long sent, long received, long authFailures, long replays, long strays) {
        srtpSent.add(sent);
        srtpReceived.add(received);
        this.authFailures.add(authFailures);
        this.replays.add(replays);
        this.strays.add(strays);
    }

    /** A line Registered: its first time, or again (a refresh, or after a lost link: a re-registration). */
    public void registered(boolean again) {
        (again ? reRegistrations : registrations).increment();
    }

    /** A registration attempt that failed (AuthFailed, Rejected, Unreachable, ...). */
    public void registrationFailed() {
        registrationFailures.increment();
    }

    /** A TLS link that went Down after it was Up. */
    public void linkLost() {
        linkFailures.increment();
    }

    public long attempts() {
        return attempts.sum();
    }

    public long connected() {
        return connected.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long completed() {
        return completed.sum();
    }

    public long active() {
        return active.get();
    }

    public long srtpPackets() {
        return srtpSent.sum() + srtpReceived.sum();
    }

    public long authFailures() {
        return authFailures.sum();
    }

    public long reRegistrations() {
        return reRegistrations.sum();
    }

    /** Failed calls in percent of the calls that ended one way or the other (0 with none). */
    public double failedPercent() {
        long decided = connected.sum() + failed.sum();
        return decided == 0 ? 0 : 100.0 * failed.sum() / decided;
    }

    /** The set-up time percentile (nearest rank), in ms; empty with no connected call. */
    public OptionalDouble setupPercentile(double p) {
        List<Long> sorted;
        synchronized (setupMillis) {
            sorted = new ArrayList<>(setupMillis);
        }
        if (sorted.isEmpty()) {
            return OptionalDouble.empty();
        }
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return OptionalDouble.of(sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))));
    }

    /** Every counter by name (stable names, as a metrics exporter would publish them). */
    public Map<String, Long> counters() {
        Map<String, Long> c = new TreeMap<>();
        c.put("calls_attempted", attempts.sum());
        c.put("calls_connected", connected.sum());
        c.put("calls_failed", failed.sum());
        c.put("calls_completed", completed.sum());
        c.put("calls_active", active.get());
        c.put("calls_insecure", insecureCalls.sum());
        c.put("registrations", registrations.sum());
        c.put("re_registrations", reRegistrations.sum());
        c.put("registration_failures", registrationFailures.sum());
        c.put("links_lost", linkFailures.sum());
        c.put("srtp_packets_sent", srtpSent.sum());
        c.put("srtp_packets_received", srtpReceived.sum());
        c.put("srtp_auth_failures", authFailures.sum());
        c.put("srtp_replays", replays.sum());
        c.put("srtp_strays", strays.sum());
        return c;
    }

    public Map<String, Long> failedByCode() {
        Map<String, Long> m = new TreeMap<>();
        failedByCode.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public Map<String, Long> failedByReason() {
        Map<String, Long> m = new TreeMap<>();
        failedByReason.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** The end-of-run report, SIPp's screen in words. */
    public String report(int units, int registered, double seconds) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "fleet statistics (%d units, %.1f s)%n", units, seconds));
        s.append(String.format(Locale.ROOT, "  units registered          %d of %d%n", registered, units));
        s.append(String.format(Locale.ROOT, "  re-registrations          %d (registration failures %d, links lost %d)%n", reRegistrations.sum(),
                registrationFailures.sum(), linkFailures.sum()));
        s.append(String.format(Locale.ROOT, "  call attempts             %d%n", attempts.sum()));
        s.append(String.format(Locale.ROOT, "  calls connected           %d (insecure %d)%n", connected.sum(), insecureCalls.sum()));
        s.append(String.format(Locale.ROOT, "  calls completed           %d%n", completed.sum()));
        s.append(String.format(Locale.ROOT, "  calls failed              %d (%.1f %%)%n", failed.sum(), failedPercent()));
        failedByCode().forEach((code, n) -> s.append(String.format(Locale.ROOT, "    response %s             %d%n", code, n)));
        failedByReason().forEach((reason, n) -> s.append(String.format(Locale.ROOT, "    %s: %d%n", reason, n)));
        s.append("  set-up time (ms)          ");
        if (setupPercentile(50).isPresent()) {
            s.append(String.format(Locale.ROOT, "p50 %.0f  p95 %.0f  p99 %.0f  max %.0f%n", setupPercentile(50).getAsDouble(),
                    setupPercentile(95).getAsDouble(), setupPercentile(99).getAsDouble(), setupPercentile(100).getAsDouble()));
        } else {
            s.append("none connected\n");
        }
        s.append(String.format(Locale.ROOT, "  SRTP packets              %d sent, %d received%n", srtpSent.sum(), srtpReceived.sum()));
        s.append(String.format(Locale.ROOT, "  SRTP auth failures        %d (replays %d)%n", authFailures.sum(), replays.sum()));
        if (strays.sum() > 0) {
            // Not the calls' own failures: packets from other addresses than the call's peer (docs/fleet.md).
            s.append(String.format(Locale.ROOT, "  SRTP strays refused       %d (not from the call's peer: streams of ended calls to reused ports)%n",
                    strays.sum()));
        }
        return s.toString();
    }

    /** The CSV header of {@link #row}. */
    public static String csvHeader() {
        return "time,elapsed_s,units,links_up,registered,calls_active,calls_attempted,calls_connected,calls_failed,calls_completed,"
                + "calls_per_second,setup_p50_ms,setup_p95_ms,re_registrations,srtp_packets,srtp_auth_failures";
    }

    /** One CSV row: gauges now, cumulative counters, and the call rate since {@code attemptsBefore}. */
    public String row(String time, double elapsed, int units, int linksUp, int registered, long attemptsBefore, double intervalSeconds) {
        double cps = intervalSeconds <= 0 ? 0 : (attempts.sum() - attemptsBefore) / intervalSeconds;
        return String.join(",", time, String.format(Locale.ROOT, "%.1f", elapsed), Integer.toString(units), Integer.toString(linksUp),
                Integer.toString(registered), Long.toString(active.get()), Long.toString(attempts.sum()), Long.toString(connected.sum()),
                Long.toString(failed.sum()), Long.toString(completed.sum()), String.format(Locale.ROOT, "%.2f", cps),
                setupPercentile(50).isPresent() ? String.format(Locale.ROOT, "%.0f", setupPercentile(50).getAsDouble()) : "",
                setupPercentile(95).isPresent() ? String.format(Locale.ROOT, "%.0f", setupPercentile(95).getAsDouble()) : "",
                Long.toString(reRegistrations.sum()), Long.toString(srtpPackets()), Long.toString(authFailures.sum()));
    }

    /** The thresholds of the command line this run missed, one sentence each; empty when all were met. */
    public List<String> missed(FleetOptions options, int units, int registered) {
        List<String> missed = new ArrayList<>();
        double registeredPercent = 100.0 * registered / units;
        if (registeredPercent + 1e-9 < options.minRegisteredPercent()) {
            missed.add(String.format(Locale.ROOT, "%d of %d units registered (%.1f %%), below --min-registered-percent %s", registered, units,
                    registeredPercent, options.minRegisteredPercent()));
        }
        if (options.maxFailedPercent().isPresent() && failedPercent() > options.maxFailedPercent().getAsDouble()) {
            missed.add(String.format(Locale.ROOT, "%.1f %% of calls failed, above --max-failed-percent %s", failedPercent(),
                    options.maxFailedPercent().getAsDouble()));
        }
        if (options.maxSetupP95Ms().isPresent()) {
            OptionalDouble p95 = setupPercentile(95);
            if (p95.isEmpty()) {
                missed.add("no call connected: no set-up time to hold to --max-setup-p95-ms");
            } else if (p95.getAsDouble() > options.maxSetupP95Ms().getAsDouble()) {
                missed.add(String.format(Locale.ROOT, "set-up time p95 %.0f ms, above --max-setup-p95-ms %s", p95.getAsDouble(),
                        options.maxSetupP95Ms().getAsDouble()));
            }
        }
        if (options.calls() && attempts.sum() == 0) {
            missed.add("no call was placed (no two units were registered and free)");
        }
        return missed;
    }
}
