package org.secureta.launcher.fleet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The command line of {@code ta fleet} (see {@link #USAGE}). Every bad argument is refused here,
 * before anything starts, with the option named: {@link IllegalArgumentException} with the message
 * to print.
 *
 * @param template        the template profile every unit is derived from
 * @param units           units of the whole fleet (all shards together)
 * @param firstUser       the user number of unit 0 (default: the template line's Username)
 * @param proxy           {@code kamailio} or {@code opensips}: the fleet runs its own proxy; empty: the template's
 * @param callsPerSecond  calls placed per second (0: registration only)
 * @param callSeconds     how long each call lasts, media flowing
 * @param durationSeconds how long the load runs (0: until interrupted, registration only)
 * @param csv             per-interval rows
 * @param shard           this process's slice
 * @param home            the fleet's folder (certificates, proxy configuration, logs)
 * @param intervalSeconds progress line and CSV row period
 * @param registerTimeoutSeconds how long the fleet waits for every unit to register
 * @param maxFailedPercent  threshold: exit 1 when more calls failed
 * @param maxSetupP95Ms     threshold: exit 1 when the set-up time p95 is higher
 * @param minRegisteredPercent threshold: exit 1 when fewer units registered (default 100)
 * @param metricsPort     serve the fleet's Prometheus metrics on this port (0: a free one); empty: none
 * @param metricsAddress  the address the metrics are served on (default loopback)
 * @param proxyWorkers    the fleet's own proxy's TCP workers; empty: sized for the units (one for a Kamailio before 5.8, see KamailioTlsWorkers)
 * @param registerRate    units started per second at most (a paced ramp, like SIPp's -r); empty: as fast as the proxy answers
 */
public record FleetOptions(Path template, int units, OptionalInt firstUser, Optional<String> proxy, double callsPerSecond, int callSeconds,
                           int durationSeconds, Optional<Path> csv, Shard shard, Optional<Path> home, int intervalSeconds,
                           int registerTimeoutSeconds, OptionalDouble maxFailedPercent, OptionalDouble maxSetupP95Ms,
                           double minRegisteredPercent, OptionalInt metricsPort, String metricsAddress,
                           OptionalInt proxyWorkers, OptionalDouble registerRate) {

    public static final int MAX_UNITS = 100_000;

    public static final String USAGE = String.join("\n",
            "  ta fleet TEMPLATE --units N [--first-user U] [--proxy kamailio|opensips] [--shard I/N] [--home DIR]",
            "           [--calls-per-second R --call-seconds S --duration D] [--csv FILE] [--interval S]",
            "           [--register-timeout S] [--max-failed-percent P] [--max-setup-p95-ms MS] [--min-registered-percent P]",
            "           [--metrics-port P [--metrics-address A]] [--proxy-workers W] [--register-rate R]",
            "                                            N units from one template profile in one JVM: unit i is user U+i",
            "                                            ({user} in the template's values is replaced by it), its link and",
            "                                            media ports the template's plus i times the unit's span; each has",
            "                                            its own TLS link, HostName check and registration. --proxy: its own",
            "                                            proxy sized for N; a call rate: units call each other with SRTP,",
            "                                            SIPp-like statistics at the end; --shard: this pod's slice; non-zero",
            "                                            when a threshold is missed; --metrics-port: Prometheus metrics",
            "                                            at http://A:P/metrics (A: 127.0.0.1 unless given); --proxy-workers:",
            "                                            the own proxy's TCP workers (default sized for N; 1 for a Kamailio",
            "                                            before 5.8, which crashes with several under TLS); --register-rate:",
            "                                            start at most R units a second (a ramp, not a storm) (docs/fleet.md)");

    public FleetOptions {
        if (units < 1 || units > MAX_UNITS) {
            throw new IllegalArgumentException("--units must be 1 to " + MAX_UNITS + ", not " + units);
        }
        if (shard.size(units) < 1) {
            throw new IllegalArgumentException("--shard " + shard + " of --units " + units + " holds no unit: use fewer shards than units");
        }
        if (callsPerSecond < 0 || callsPerSecond > 1000 || Double.isNaN(callsPerSecond)) {
            throw new IllegalArgumentException("--calls-per-second must be above 0 and at most 1000, not " + callsPerSecond);
        }
        if (callsPerSecond > 0 && durationSeconds == 0) {
            throw new IllegalArgumentException("--calls-per-second needs --duration D (seconds the call load runs)");
        }
        if (callsPerSecond > 0 && shard.size(units) < 2) {
            throw new IllegalArgumentException("--calls-per-second needs at least 2 units in this shard (units call each other)");
        }
        if (callSeconds < 1 || callSeconds > 86400) {
            throw new IllegalArgumentException("--call-seconds must be 1 to 86400, not " + callSeconds);
        }
        if (durationSeconds < 0 || durationSeconds > 7 * 86400) {
            throw new IllegalArgumentException("--duration must be 1 to 604800 seconds, not " + durationSeconds);
        }
        if (intervalSeconds < 1 || intervalSeconds > 3600) {
            throw new IllegalArgumentException("--interval must be 1 to 3600 seconds, not " + intervalSeconds);
        }
        if (registerTimeoutSeconds < 1 || registerTimeoutSeconds > 86400) {
            throw new IllegalArgumentException("--register-timeout must be 1 to 86400 seconds, not " + registerTimeoutSeconds);
        }
        if (firstUser.isPresent() && firstUser.getAsInt() < 0) {
            throw new IllegalArgumentException("--first-user must be 0 or more, not " + firstUser.getAsInt());
        }
        if (firstUser.isPresent() && (long) firstUser.getAsInt() + units - 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--first-user " + firstUser.getAsInt() + " + --units " + units + " runs past the largest user number");
        }
        percent("--max-failed-percent", maxFailedPercent);
        percent("--min-registered-percent", OptionalDouble.of(minRegisteredPercent));
        if (maxSetupP95Ms.isPresent() && !(maxSetupP95Ms.getAsDouble() > 0)) {
            throw new IllegalArgumentException("--max-setup-p95-ms must be above 0, not " + maxSetupP95Ms.getAsDouble());
        }
        if (metricsPort.isPresent() && (metricsPort.getAsInt() < 0 || metricsPort.getAsInt() > 65535)) {
            throw new IllegalArgumentException("--metrics-port must be 0 (a free port) to 65535, not " + metricsPort.getAsInt());
        }
        if (metricsAddress.isBlank()) {
            throw new IllegalArgumentException("--metrics-address needs an address to listen on");
        }
        if (proxyWorkers.isPresent() && (proxyWorkers.getAsInt() < 1 || proxyWorkers.getAsInt() > 64)) {
            throw new IllegalArgumentException("--proxy-workers must be 1 to 64, not " + proxyWorkers.getAsInt());
        }
        if (proxyWorkers.isPresent() && proxy.isEmpty()) {
            throw new IllegalArgumentException("--proxy-workers sizes the fleet's own proxy: give --proxy kamailio|opensips too");
        }
        if (registerRate.isPresent() && !(registerRate.getAsDouble() > 0 && registerRate.getAsDouble() <= 10000)) {
            throw new IllegalArgumentException("--register-rate must be above 0 and at most 10000 units a second, not " + registerRate.getAsDouble());
        }
        if ((maxFailedPercent.isPresent() || maxSetupP95Ms.isPresent()) && callsPerSecond == 0) {
            throw new IllegalArgumentException("--max-failed-percent and --max-setup-p95-ms judge calls: give --calls-per-second too");
        }
    }

    private static void percent(String option, OptionalDouble value) {
        if (value.isPresent() && !(value.getAsDouble() >= 0 && value.getAsDouble() <= 100)) {
            throw new IllegalArgumentException(option + " must be 0 to 100, not " + value.getAsDouble());
        }
    }

    /** Whether the fleet places calls. */
    public boolean calls() {
        return callsPerSecond > 0;
    }

    /** Parses the arguments after {@code fleet}. */
    public static FleetOptions parse(List<String> args) {
        List<String> rest = new ArrayList<>(args);
        Path template = null;
        Integer units = null;
        OptionalInt firstUser = OptionalInt.empty();
        Optional<String> proxy = Optional.empty();
        double cps = 0;
        Integer callSeconds = null;
        int duration = 0;
        Optional<Path> csv = Optional.empty();
        Shard shard = Shard.WHOLE;
        Optional<Path> home = Optional.empty();
        int interval = 5;
        Integer registerTimeout = null;
        OptionalDouble maxFailed = OptionalDouble.empty();
        OptionalDouble maxP95 = OptionalDouble.empty();
        double minRegistered = 100;
        OptionalInt metricsPort = OptionalInt.empty();
        String metricsAddress = null;
        OptionalInt proxyWorkers = OptionalInt.empty();
        OptionalDouble registerRate = OptionalDouble.empty();
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            switch (a) {
                case "--units" -> units = integer(a, value(a, rest));
                case "--first-user" -> firstUser = OptionalInt.of(integer(a, value(a, rest)));
                case "--proxy" -> {
                    String p = value(a, rest);
                    if (!p.equals("kamailio") && !p.equals("opensips")) {
                        throw new IllegalArgumentException("--proxy takes kamailio or opensips, not '" + p + "'");
                    }
                    proxy = Optional.of(p);
                }
                case "--calls-per-second" -> {
                    cps = decimal(a, value(a, rest));
                    if (!(cps > 0)) {
                        throw new IllegalArgumentException("--calls-per-second must be above 0 and at most 1000, not " + cps);
                    }
                }
                case "--call-seconds" -> callSeconds = integer(a, value(a, rest));
                case "--duration" -> {
                    duration = integer(a, value(a, rest));
                    if (duration < 1) {
                        throw new IllegalArgumentException("--duration must be 1 to 604800 seconds, not " + duration);
                    }
                }
                case "--csv" -> csv = Optional.of(Path.of(value(a, rest)));
                case "--shard" -> shard = Shard.parse(value(a, rest));
                case "--home" -> home = Optional.of(Path.of(value(a, rest)));
                case "--interval" -> interval = integer(a, value(a, rest));
                case "--register-timeout" -> registerTimeout = integer(a, value(a, rest));
                case "--max-failed-percent" -> maxFailed = OptionalDouble.of(decimal(a, value(a, rest)));
                case "--max-setup-p95-ms" -> maxP95 = OptionalDouble.of(decimal(a, value(a, rest)));
                case "--min-registered-percent" -> minRegistered = decimal(a, value(a, rest));
                case "--metrics-port" -> metricsPort = OptionalInt.of(integer(a, value(a, rest)));
                case "--metrics-address" -> metricsAddress = value(a, rest);
                case "--proxy-workers" -> proxyWorkers = OptionalInt.of(integer(a, value(a, rest)));
                case "--register-rate" -> registerRate = OptionalDouble.of(decimal(a, value(a, rest)));
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    if (template != null) {
                        throw new IllegalArgumentException("one TEMPLATE profile (got " + template + " and " + a + ")");
                    }
                    template = Path.of(a);
                }
            }
        }
        if (template == null) {
            throw new IllegalArgumentException("give the TEMPLATE profile every unit is derived from");
        }
        if (units == null) {
            throw new IllegalArgumentException("give --units N (how many units the fleet runs)");
        }
        if (metricsAddress != null && metricsPort.isEmpty()) {
            throw new IllegalArgumentException("--metrics-address needs --metrics-port");
        }
        if (callSeconds != null && cps == 0) {
            throw new IllegalArgumentException("--call-seconds needs --calls-per-second");
        }
        // A fleet registers one unit after another as fast as the proxy answers: allow for a loaded machine.
        int timeout = registerTimeout != null ? registerTimeout : 60 + units / 5;
        return new FleetOptions(template, units, firstUser, proxy, cps, callSeconds == null ? 10 : callSeconds, duration, csv, shard, home,
                interval, timeout, maxFailed, maxP95, minRegistered, metricsPort, metricsAddress == null ? "127.0.0.1" : metricsAddress,
                proxyWorkers, registerRate);
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, not '" + value + "'");
        }
    }

    private static double decimal(String option, String value) {
        try {
            double d = Double.parseDouble(value.strip());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, not '" + value + "'");
        }
    }
}
