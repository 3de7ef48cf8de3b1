package org.secureta.srtp.crypto;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * Packets per second through one SRTP context on one thread, for the unit's packet shape: a 12-byte
 * RTP header and a 160-byte payload (20 ms of G.711). Each operation also copies the packet into the
 * work buffer (172 or 182 bytes), as a media loop receiving into a reused buffer would; the libsrtp2
 * harness in srtp-ta/bench does the same.
 * <p>
 * Run with srtp-ta/bench/run.sh SrtpContextBenchmark -prof gc (gc.alloc.rate.norm shows bytes
 * allocated per packet).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SrtpContextBenchmark {

    private static final int SSRC = 0x5EC0_0001;
    private static final int RTP_LENGTH = 172;
    /** Packets protected ahead for unprotect; the receiver forgets the stream after each round. */
    private static final int BATCH = 1024;

    @Param({"AES_CM_128_HMAC_SHA1_80", "NULL_HMAC_SHA1_80"})
    public SrtpProfile profile;

    private byte[] template;
    private byte[] buffer;
    private SrtpContext sender;
    private int seq;

    private byte[][] batch;
    private int srtpLength;
    private SrtpContext receiver;
    private int next;

    @Setup
    public void setUp() {
        SrtpKeys keys = TestPackets.keys(profile);
        template = Arrays.copyOf(TestPackets.rtp(0, SSRC, TestPackets.payload(0)), RTP_LENGTH);
        sender = SrtpContext.forSending(keys);
        buffer = new byte[RTP_LENGTH + sender.overhead()];

        SrtpContext batchSender = SrtpContext.forSending(keys);
        batch = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            byte[] packet = Arrays.copyOf(TestPackets.rtp(i, SSRC, TestPackets.payload(i)), RTP_LENGTH + sender.overhead());
            srtpLength = batchSender.protect(packet, 0, RTP_LENGTH);
            batch[i] = packet;
        }
        receiver = SrtpContext.forReceiving(keys);
    }

    @Benchmark
    public int protect() {
        System.arraycopy(template, 0, buffer, 0, RTP_LENGTH);
        int s = ++seq;
        buffer[2] = (byte) (s >>> 8);
        buffer[3] = (byte) s;
        return sender.protect(buffer, 0, RTP_LENGTH);
    }

    @Benchmark
    public int unprotect() {
        System.arraycopy(batch[next], 0, buffer, 0, srtpLength);
        int result = receiver.unprotect(buffer, 0, srtpLength);
        if (++next == BATCH) {
            next = 0;
            receiver.forgetStream(SSRC);
        }
        return result;
    }

    /** A benchmark of refused packets would be meaningless: fail loudly if any was refused. */
    @TearDown(Level.Iteration)
    public void checkNothingWasRefused() {
        for (SrtpCounters counters : new SrtpCounters[] {sender.counters(), receiver.counters()}) {
            if (counters.authenticationFailures() + counters.replays() + counters.malformed() + counters.otherFailures() > 0) {
                throw new IllegalStateException("packets were refused during the benchmark: " + counters);
            }
        }
    }
}
