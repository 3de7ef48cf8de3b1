package org.secureta.srtp.crypto;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * jitsi-srtp on the same packet shape as {@link SrtpContextBenchmark}, AES_CM_128_HMAC_SHA1_80 only
 * (it cannot do NULL with HMAC). Outside OSGi it loads its OpenSSL binding for AES, so this is a
 * Java + OpenSSL-JNI reference, not a pure-JCE one. Its receive replay check is switched off (it
 * has no way to forget a stream), which slightly favours its unprotect figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JitsiSrtpBenchmark {

    private static final int SSRC = 0x5EC0_0001;
    private static final int RTP_LENGTH = 172;
    private static final int SRTP_LENGTH = 182;
    private static final int BATCH = 1024;

    private byte[] template;
    private final Buffer buffer = new Buffer(new byte[256]);
    private SrtpCryptoContext sender;
    private int seq;
    private byte[][] batch;
    private SrtpCryptoContext receiver;
    private int next;

    @Setup
    public void setUp() throws Exception {
        SrtpKeys keys = TestPackets.keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        template = Arrays.copyOf(TestPackets.rtp(0, SSRC, TestPackets.payload(0)), RTP_LENGTH);
        sender = context(keys, true, true);
        SrtpCryptoContext batchSender = context(keys, true, true);
        batch = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            Buffer packet = new Buffer(Arrays.copyOf(TestPackets.rtp(i, SSRC, TestPackets.payload(i)), 256));
            packet.length = RTP_LENGTH;
            if (batchSender.transformPacket(packet) != SrtpErrorStatus.OK) {
                throw new IllegalStateException("jitsi-srtp refused to protect");
            }
            batch[i] = packet.array;
        }
        receiver = context(keys, false, false);
    }

    private static SrtpCryptoContext context(SrtpKeys keys, boolean sender, boolean replay) throws Exception {
        SrtpPolicy policy = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
        policy.setReceiveReplayEnabled(replay);
        return new SrtpContextFactory(sender, keys.masterKey(), keys.masterSalt(), policy, policy,
                new LoggerImpl(JitsiSrtpBenchmark.class.getName(), Level.WARNING)).deriveContext(SSRC, 0);
    }

    @Benchmark
    public SrtpErrorStatus protect() throws Exception {
        System.arraycopy(template, 0, buffer.array, 0, RTP_LENGTH);
        int s = ++seq;
        buffer.array[2] = (byte) (s >>> 8);
        buffer.array[3] = (byte) s;
        buffer.length = RTP_LENGTH;
        return sender.transformPacket(buffer);
    }

    @Benchmark
    public SrtpErrorStatus unprotect() throws Exception {
        System.arraycopy(batch[next], 0, buffer.array, 0, SRTP_LENGTH);
        buffer.length = SRTP_LENGTH;
        next = (next + 1) % BATCH;
        SrtpErrorStatus status = receiver.reverseTransformPacket(buffer, false);
        if (status != SrtpErrorStatus.OK) {
            throw new IllegalStateException("jitsi-srtp refused a packet: " + status);
        }
        return status;
    }

    private static final class Buffer implements ByteArrayBuffer {
        final byte[] array;
        int length;

        Buffer(byte[] array) {
            this.array = array;
        }

        @Override
        public byte[] getBuffer() {
            return array;
        }

        @Override
        public int getOffset() {
            return 0;
        }

        @Override
        public int getLength() {
            return length;
        }

        @Override
        public void setLength(int length) {
            this.length = length;
        }

        @Override
        public void setOffset(int offset) {
            if (offset != 0) {
                throw new UnsupportedOperationException("offset");
            }
        }

        @Override
        public boolean isInvalid() {
            return false;
        }

        @Override
        public void readRegionToBuff(int off, int len, byte[] out) {
            System.arraycopy(array, off, out, 0, len);
        }

        @Override
        public void grow(int howMuch) {
            if (length + howMuch > array.length) {
                throw new UnsupportedOperationException("grow beyond " + array.length);
            }
        }

        @Override
        public void append(byte[] data, int len) {
            System.arraycopy(data, 0, array, length, len);
            length += len;
        }

        @Override
        public void shrink(int len) {
            length -= len;
        }
    }
}
