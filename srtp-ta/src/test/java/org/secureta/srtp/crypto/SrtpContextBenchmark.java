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
 * harness in srtp-ta/bench does the same. {@code rtcpProtect} and {@code rtcpUnprotect} do the same
 * through one SRTCP context for an 80-byte compound RTCP packet (a sender report with one report
 * block and an SDES CNAME, RFC 3550 6.4.1 and 6.5): 80 + 14 bytes on the wire.
 * <p>
 * {@link SrtpFloorBenchmark} measures the crypto floor in the same run (run.sh
 * 'SrtpContextBenchmark|SrtpFloorBenchmark'; floor.sh interleaves the two in rounds).
 * <p>
 * Run with srtp-ta/bench/run.sh SrtpContextBenchmark -prof gc (gc.alloc.rate.norm shows bytes
 * allocated per packet).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SrtpContextBenchmark {

    private static final int SSRC = 0x5EC0_0001;
    static final int RTP_LENGTH = 172;
    static final int RTCP_LENGTH = 80;
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

    private byte[] rtcpTemplate;
    private SrtcpContext rtcpSender;
    private byte[][] rtcpBatch;
    private int srtcpLength;
    private SrtcpContext rtcpReceiver;
    private int rtcpNext;

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

        rtcpTemplate = compoundRtcp();
        rtcpSender = SrtcpContext.forSending(keys);
        SrtcpContext rtcpBatchSender = SrtcpContext.forSending(keys);
        rtcpBatch = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            byte[] packet = Arrays.copyOf(rtcpTemplate, RTCP_LENGTH + rtcpSender.overhead());
            srtcpLength = rtcpBatchSender.protect(packet, 0, RTCP_LENGTH);
            rtcpBatch[i] = packet;
        }
        rtcpReceiver = SrtcpContext.forReceiving(keys);
    }

    /** SR with one report block (52 bytes) then SDES with a 16-byte CNAME (28 bytes), RFC 3550 6.4.1, 6.5. */
    private static byte[] compoundRtcp() {
        byte[] p = new byte[RTCP_LENGTH];
        p[0] = (byte) 0x81; // V=2, RC=1
        p[1] = (byte) 200; // SR
        p[3] = 12; // 13 words
        PacketFields.writeInt(p, 4, SSRC);
        for (int i = 8; i < 52; i++) {
            p[i] = (byte) (0x40 + i); // NTP and RTP timestamps, counts, the report block
        }
        p[52] = (byte) 0x81; // V=2, SC=1
        p[53] = (byte) 202; // SDES
        p[55] = 6; // 7 words
        PacketFields.writeInt(p, 56, SSRC);
        p[60] = 1; // CNAME
        p[61] = 16;
        for (int i = 0; i < 16; i++) {
            p[62 + i] = (byte) ('a' + i);
        }
        // p[78], p[79]: the null item that ends the chunk, and padding to 32 bits
        return p;
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

    @Benchmark
    public int rtcpProtect() {
        System.arraycopy(rtcpTemplate, 0, buffer, 0, RTCP_LENGTH);
        return rtcpSender.protect(buffer, 0, RTCP_LENGTH);
    }

    @Benchmark
    public int rtcpUnprotect() {
        System.arraycopy(rtcpBatch[rtcpNext], 0, buffer, 0, srtcpLength);
        int result = rtcpReceiver.unprotect(buffer, 0, srtcpLength);
        if (++rtcpNext == BATCH) {
            rtcpNext = 0;
            rtcpReceiver.forgetStream(SSRC);
        }
        return result;
    }

    /** A benchmark of refused packets would be meaningless: fail loudly if any was refused. */
    @TearDown(Level.Iteration)
    public void checkNothingWasRefused() {
        for (SrtpCounters counters : new SrtpCounters[] {sender.counters(), receiver.counters(), rtcpSender.counters(), rtcpReceiver.counters()}) {
            if (counters.authenticationFailures() + counters.replays() + counters.malformed() + counters.otherFailures() > 0) {
                throw new IllegalStateException("packets were refused during the benchmark: " + counters);
            }
        }
    }
}
