package org.secureta.srtp.crypto;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * The operations of {@link SrtpContextBenchmark}, timed in thread CPU time rather than wall-clock
 * time. On a shared machine the JMH figures (wall-clock) fall with the load of other processes; CPU
 * time is what lets ours be compared with libsrtp2 and OpenSSL measured at another moment (the
 * libsrtp harness and {@code openssl speed} report CPU time too). Run by srtp-ta/bench/compare.sh:
 * <pre>java -cp TEST_CLASSPATH org.secureta.srtp.crypto.SrtpCpuTimeProbe [seconds per round] [warm-up] [measured]</pre>
 * Not a test and not a JMH benchmark: a probe whose figures complement the JMH ones.
 */
public final class SrtpCpuTimeProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SrtpCpuTimeProbe() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        for (String profile : new String[] {"AES_CM_128_HMAC_SHA1_80", "NULL_HMAC_SHA1_80"}) {
            for (String operation : new String[] {"protect", "unprotect"}) {
                SrtpContextBenchmark benchmark = new SrtpContextBenchmark();
                benchmark.profile = SrtpProfile.valueOf(profile);
                benchmark.setUp();
                double[] rates = new double[rounds];
                for (int round = 0; round < warmups + rounds; round++) {
                    double rate = round(benchmark, operation.equals("protect"), seconds);
                    if (round >= warmups) {
                        rates[round - warmups] = rate;
                    }
                }
                benchmark.checkNothingWasRefused();
                System.out.printf("ours %s %s: %.0f ops/s cpu (rounds %s)%n", operation, profile,
                        Arrays.stream(rates).average().orElseThrow(), Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()));
            }
        }
    }

    private static double round(SrtpContextBenchmark benchmark, boolean protect, double seconds) {
        long budget = (long) (seconds * 1e9);
        long start = THREADS.getCurrentThreadCpuTime();
        long count = 0;
        long used;
        int sink = 0;
        do {
            for (int i = 0; i < 1024; i++) {
                sink += protect ? benchmark.protect() : benchmark.unprotect();
            }
            count += 1024;
            used = THREADS.getCurrentThreadCpuTime() - start;
        } while (used < budget);
        if (sink == 42) {
            System.out.print("");
        }
        return count / (used / 1e9);
    }
}
