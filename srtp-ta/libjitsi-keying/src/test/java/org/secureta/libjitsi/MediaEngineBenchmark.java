package org.secureta.libjitsi;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jitsi.service.libjitsi.LibJitsi;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;
import org.secureta.srtp.media.G711;
import org.secureta.srtp.media.MediaEngine;
import org.secureta.srtp.media.MediaKeys;
import org.secureta.srtp.media.MediaSession;
import org.secureta.srtp.media.MediaSessionSpec;
import org.secureta.srtp.media.RtpSession;
import org.secureta.srtp.media.ToneGenerator;
import org.secureta.srtp.sdes.SdesKeyManagement;

/**
 * The two media engines compared (issue 16): one operation is one call-second of secure audio
 * both ways between two sessions of the same engine on loopback UDP, SRTP AES_CM_128_HMAC_SHA1_80:
 * 50 G.711 frames from each side (the 20 ms frames of one second, sent back to back by calling the
 * sessions' own sender tasks) and one RTCP sender report each, every packet received, authenticated,
 * decrypted and fed to the tone detector on the other side (the operation ends when all 100 RTP
 * packets have arrived).
 * <ul>
 * <li>{@code cpuMsPerCallSecond} (aux counter, one operation per iteration): the process's CPU time
 *     for that call-second, all threads (senders, receivers, libjitsi's own, GC and JIT included).</li>
 * <li>Bytes allocated per packet: run with {@code -prof gc}; {@code gc.alloc.rate.norm} is per
 *     operation, i.e. per 102 packets each sent and received once ({@link #PACKETS_PER_OP}).</li>
 * </ul>
 * Run: {@code srtp-ta/libjitsi-keying/bench/engines.sh} (under scripts/with-jmh-lock).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 20, batchSize = 1)
@Measurement(iterations = 40, batchSize = 1)
@Fork(1)
public class MediaEngineBenchmark {

    static final int FRAMES = 50;
    /** 50 RTP packets and one SRTCP report from each side. */
    public static final int PACKETS_PER_OP = 2 * (FRAMES + 1);

    @Param({"Native", "Libjitsi"})
    public String engine;

    private ScheduledThreadPoolExecutor idle;
    private CapturingScheduler schedulerA;
    private CapturingScheduler schedulerB;
    private MediaSession a;
    private MediaSession b;

    /** The scheduler the sessions get: it keeps their periodic tasks, which the benchmark then runs itself. */
    static final class CapturingScheduler extends ScheduledThreadPoolExecutor {
        final List<Runnable> periodic = new CopyOnWriteArrayList<>();

        CapturingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            periodic.add(command);
            return schedule(() -> { }, 1, TimeUnit.DAYS);
        }
    }

    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Cpu {
        /** CPU milliseconds of the whole process for the one call-second of the iteration. */
        public double cpuMsPerCallSecond;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        LibJitsiHeadless.configure();
        LibJitsi.start();
        MediaEngine chosen;
        if (engine.equals("Native")) {
            chosen = RtpSession.NATIVE;
        } else {
            KeyManagement sdes = new SdesKeyManagement(Map.of());
            chosen = new LibjitsiMediaEngine(LibJitsi.getMediaService(), new LibjitsiMediaEngine.Controls() {
                @Override
                public KeyingSrtpControl get(String keyManagement) {
                    return KeyingSrtpControl.of(sdes, List.of(sdes));
                }

                @Override
                public void release(KeyingSrtpControl control) {
                }
            });
        }
        InetAddress loopback = InetAddress.getLoopbackAddress();
        schedulerA = new CapturingScheduler();
        schedulerB = new CapturingScheduler();
        a = chosen.open(new MediaSessionSpec("bench-a", loopback, 0, schedulerA, new ToneGenerator(1000, 8000), 440, "Sdes"));
        b = chosen.open(new MediaSessionSpec("bench-b", loopback, 0, schedulerB, new ToneGenerator(440, 8000), 1000, "Sdes"));
        SrtpKeys ab = keys();
        SrtpKeys ba = keys();
        a.start(b.localAddress(), G711.PCMU, MediaKeys.srtp(ab, ba));
        b.start(a.localAddress(), G711.PCMU, MediaKeys.srtp(ba, ab));
        if (schedulerA.periodic.size() != 2 || schedulerB.periodic.size() != 2) {
            throw new IllegalStateException("expected a frame sender and a report sender per session: " + schedulerA.periodic);
        }
    }

    private static SrtpKeys keys() {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[16];
        byte[] salt = new byte[14];
        random.nextBytes(key);
        random.nextBytes(salt);
        return new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, key, salt, new byte[0]);
    }

    @Benchmark
    public long callSecond(Cpu cpu) throws InterruptedException {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long receivedA = a.counters().received();
        long receivedB = b.counters().received();
        Runnable framesA = schedulerA.periodic.get(0);
        Runnable framesB = schedulerB.periodic.get(0);
        for (int i = 0; i < FRAMES; i++) {
            framesA.run();
            framesB.run();
        }
        schedulerA.periodic.get(1).run();
        schedulerB.periodic.get(1).run();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (a.counters().received() < receivedA + FRAMES || b.counters().received() < receivedB + FRAMES) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("packets lost on loopback: " + a.counters() + " / " + b.counters());
            }
            Thread.sleep(1);
        }
        cpu.cpuMsPerCallSecond = (os.getProcessCpuTime() - cpuBefore) / 1e6;
        if (a.counters().authFailures() != 0 || b.counters().authFailures() != 0) {
            throw new IllegalStateException("authentication failures: " + a.counters() + " / " + b.counters());
        }
        return a.counters().toneFrames() + b.counters().toneFrames();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        schedulerA.shutdownNow();
        schedulerB.shutdownNow();
        LibJitsi.stop();
    }
}
