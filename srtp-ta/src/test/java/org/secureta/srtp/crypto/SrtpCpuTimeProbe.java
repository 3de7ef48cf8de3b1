package org.secureta.srtp.crypto;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * The operations of the JMH benchmarks of this package, timed in thread CPU time rather than
 * wall-clock time. On a shared machine the JMH figures (wall-clock) fall with the load of other
 * processes; CPU time is what lets ours be compared with libsrtp2 and OpenSSL measured at another
 * moment (the libsrtp harness and {@code openssl speed} report CPU time too). Used by
 * srtp-ta/bench/compare.sh:
 * <pre>java -cp TEST_CLASSPATH org.secureta.srtp.crypto.SrtpCpuTimeProbe contexts|primitives|jitsi|floor [seconds per round] [warm-up] [measured]</pre>
 * {@code floor} (srtp-ta/bench/floor.sh; {@code -Dprobe.only=NAME,...} keeps only the operations
 * whose names contain one of those) interleaves ours (SRTP and SRTCP, both profiles) with the
 * floor probes of {@link SrtpFloorBenchmark}: each measured round runs every operation once, for
 * the given seconds, in an order rotating from round to round, and prints every rate with the
 * round's number and load average, so that ours / floor is taken between figures seconds apart.
 * Not a test and not a JMH benchmark: a probe whose figures complement the JMH ones.
 */
public final class SrtpCpuTimeProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @FunctionalInterface
    private interface Operation {
        Object run() throws Exception;
    }

    /** Runs an operation {@code times} times in its own loop; returns a sum of results, so nothing is dead code. */
    @FunctionalInterface
    private interface Batch {
        long run(int times) throws Exception;
    }

    private SrtpCpuTimeProbe() {
    }

    public static void main(String[] args) throws Exception {
        String set = args.length > 0 ? args[0] : "contexts";
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Map<String, Operation> operations = new LinkedHashMap<>();
        switch (set) {
            case "contexts" -> {
                for (String profile : new String[] {"AES_CM_128_HMAC_SHA1_80", "NULL_HMAC_SHA1_80"}) {
                    SrtpContextBenchmark benchmark = new SrtpContextBenchmark();
                    benchmark.profile = SrtpProfile.valueOf(profile);
                    benchmark.setUp();
                    operations.put("ours protect " + profile, benchmark::protect);
                    operations.put("ours unprotect " + profile, benchmark::unprotect);
                }
            }
            case "primitives" -> {
                SrtpPrimitivesBenchmark benchmark = new SrtpPrimitivesBenchmark();
                benchmark.setUp();
                operations.put("keystreamByEcbOverCounterBlocks", benchmark::keystreamByEcbOverCounterBlocks);
                operations.put("keystreamByCtrReinitialisedPerPacket", benchmark::keystreamByCtrReinitialisedPerPacket);
                operations.put("keystreamByCtrReinitialisedIntoSeparateBuffer", benchmark::keystreamByCtrReinitialisedIntoSeparateBuffer);
                operations.put("keystreamByCtrWithReusedIvAndKey", benchmark::keystreamByCtrWithReusedIvAndKey);
                operations.put("keystreamByOurAesCounterCipher", benchmark::keystreamByOurAesCounterCipher);
                operations.put("hmacByJceMac", benchmark::hmacByJceMac);
                operations.put("hmacByOurAuthenticator", benchmark::hmacByOurAuthenticator);
            }
            case "floor" -> {
                // Each operation loops inside its own lambda: one call site per operation, inlined,
                // and no boxing, so no harness cost is counted five times in the floor (1 AES + 4 SHA-1
                // blocks) and once in ours.
                Map<String, Batch> batches = new LinkedHashMap<>();
                for (String profile : new String[] {"AES_CM_128_HMAC_SHA1_80", "NULL_HMAC_SHA1_80"}) {
                    SrtpContextBenchmark b = new SrtpContextBenchmark();
                    b.profile = SrtpProfile.valueOf(profile);
                    b.setUp();
                    batches.put("ours protect " + profile, n -> {
                        long s = 0;
                        for (int i = 0; i < n; i++) {
                            s += b.protect();
                        }
                        return s;
                    });
                    batches.put("ours unprotect " + profile, n -> {
                        long s = 0;
                        for (int i = 0; i < n; i++) {
                            s += b.unprotect();
                        }
                        return s;
                    });
                    batches.put("ours rtcpProtect " + profile, n -> {
                        long s = 0;
                        for (int i = 0; i < n; i++) {
                            s += b.rtcpProtect();
                        }
                        return s;
                    });
                    batches.put("ours rtcpUnprotect " + profile, n -> {
                        long s = 0;
                        for (int i = 0; i < n; i++) {
                            s += b.rtcpUnprotect();
                        }
                        return s;
                    });
                    batches.put("check " + profile, n -> {
                        b.checkNothingWasRefused();
                        return 0;
                    });
                }
                SrtpFloorBenchmark f = new SrtpFloorBenchmark();
                f.setUp();
                batches.put("floor aesCtrRtpPayload", n -> {
                    long s = 0;
                    for (int i = 0; i < n; i++) {
                        s += f.aesCtrRtpPayload();
                    }
                    return s;
                });
                batches.put("floor aesCtrRtcpPayload", n -> {
                    long s = 0;
                    for (int i = 0; i < n; i++) {
                        s += f.aesCtrRtcpPayload();
                    }
                    return s;
                });
                batches.put("floor sha1Block", n -> {
                    long s = 0;
                    for (int i = 0; i < n; i++) {
                        s += f.sha1Block().getDigestLength();
                    }
                    return s;
                });
                // -Dprobe.only=rtcpUnprotect,sha1Block: only the operations whose names contain one of
                // these (a profile of one operation, a quicker A/B); the checks always run.
                String only = System.getProperty("probe.only");
                if (only != null) {
                    List<String> wanted = List.of(only.split(","));
                    batches.keySet().removeIf(name -> !name.startsWith("check ") && wanted.stream().noneMatch(name::contains));
                }
                interleave(batches, seconds, warmups, rounds);
                return;
            }
            case "jitsi" -> {
                JitsiSrtpBenchmark benchmark = new JitsiSrtpBenchmark();
                benchmark.setUp();
                operations.put("jitsi-srtp protect AES_CM_128_HMAC_SHA1_80", benchmark::protect);
                operations.put("jitsi-srtp unprotect AES_CM_128_HMAC_SHA1_80", benchmark::unprotect);
            }
            default -> throw new IllegalArgumentException("set must be contexts, primitives, jitsi or floor, not " + set);
        }
        for (Map.Entry<String, Operation> operation : operations.entrySet()) {
            double[] rates = new double[rounds];
            for (int round = 0; round < warmups + rounds; round++) {
                double rate = round(operation.getValue(), seconds);
                if (round >= warmups) {
                    rates[round - warmups] = rate;
                }
            }
            System.out.printf("%s: %.0f ops/s cpu (rounds %s)%n", operation.getKey(), Arrays.stream(rates).average().orElseThrow(),
                    Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()));
        }
    }

    /** Warm-up rounds, then measured rounds each running every operation once, the order rotating. */
    private static void interleave(Map<String, Batch> operations, double seconds, int warmups, int rounds) throws Exception {
        List<Map.Entry<String, Batch>> checks = new ArrayList<>();
        List<Map.Entry<String, Batch>> list = new ArrayList<>();
        for (Map.Entry<String, Batch> operation : operations.entrySet()) {
            (operation.getKey().startsWith("check ") ? checks : list).add(operation);
        }
        System.out.println("# precomputed HMAC pads: " + (ResumableSha1.AVAILABLE ? "yes" : "no (" + ResumableSha1.UNAVAILABLE_BECAUSE + ")")
                + "; AES-CTR repositioned without Cipher.init: "
                + (RepositionableAesCtr.AVAILABLE ? "yes" : "no (" + RepositionableAesCtr.UNAVAILABLE_BECAUSE + ")"));
        for (int round = 0; round < warmups; round++) {
            for (Map.Entry<String, Batch> operation : list) {
                batchRound(operation.getValue(), seconds);
            }
        }
        for (int round = 1; round <= rounds; round++) {
            String before = loadAverage();
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                Map.Entry<String, Batch> operation = list.get((i + round) % list.size());
                lines.append(String.format("round %d %s: %.0f ops/s cpu%n", round, operation.getKey(), batchRound(operation.getValue(), seconds)));
            }
            System.out.print(lines);
            System.out.printf("round %d load %s to %s%n", round, before, loadAverage());
        }
        for (Map.Entry<String, Batch> check : checks) {
            check.getValue().run(1); // throws if any packet was refused: the rates would be meaningless
        }
    }

    private static double batchRound(Batch batch, double seconds) throws Exception {
        long budget = (long) (seconds * 1e9);
        long start = THREADS.getCurrentThreadCpuTime();
        long count = 0;
        long used;
        long sink = 0;
        do {
            sink += batch.run(4096);
            count += 4096;
            used = THREADS.getCurrentThreadCpuTime() - start;
        } while (used < budget);
        if (sink == 42) {
            System.out.print("");
        }
        return count / (used / 1e9);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double round(Operation operation, double seconds) throws Exception {
        long budget = (long) (seconds * 1e9);
        long start = THREADS.getCurrentThreadCpuTime();
        long count = 0;
        long used;
        int sink = 0;
        do {
            for (int i = 0; i < 1024; i++) {
                sink += operation.run() == null ? 1 : 0;
            }
            count += 1024;
            used = THREADS.getCurrentThreadCpuTime() - start;
        } while (used < budget);
        if (sink == -1) {
            System.out.print("");
        }
        return count / (used / 1e9);
    }
}
