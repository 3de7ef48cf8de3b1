package org.secureta.srtp.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The crypto floor of an SRTP packet on this core, measured in the same run as
 * {@link SrtpContextBenchmark}: the two block rates every SRTP implementation on this JDK pays at
 * least, with nothing of SRTP around them.
 * <ul>
 * <li>AES-128-CTR keystream over one payload: the JDK's "AES/CTR/NoPadding" (HotSpot's pipelined
 * AES-NI counter-mode stub) on a cipher initialised once, so no per-packet IV set-up is counted;
 * for the RTP payload (160 bytes) and the encrypted part of the benchmark's SRTCP packet.</li>
 * <li>One SHA-1 compression: a 64-byte block into a SUN "SHA-1" {@link MessageDigest} (HotSpot's
 * SHA-NI intrinsic), call included.</li>
 * </ul>
 * The floor of one protect (or unprotect) is then 1 AES-CTR of the payload plus the SHA-1 blocks of
 * an HMAC whose inner and outer pad states are precomputed once per key (RFC 2104 section 4 notes
 * this): inner ceil((authenticated + 9) / 64) blocks (the 9: SHA-1's 0x80 byte and 64-bit length),
 * outer 1 block (20-byte inner hash + 9). For the RTP packet, authenticated = 172 + 4 (ROC) = 176:
 * 3 + 1 = 4 blocks. bench/summarize.py computes it and prints ours / floor for every round.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SrtpFloorBenchmark {

    private final byte[] rtpPayload = new byte[SrtpContextBenchmark.RTP_LENGTH - 12];
    private final byte[] rtcpPayload = new byte[SrtpContextBenchmark.RTCP_LENGTH - 8];
    private final byte[] keystream = new byte[rtpPayload.length];
    private final byte[] block = new byte[64];
    private Cipher ctr;
    private MessageDigest sha1;

    @Setup
    public void setUp() throws GeneralSecurityException {
        for (int i = 0; i < rtpPayload.length; i++) {
            rtpPayload[i] = (byte) i;
        }
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i * 7);
        }
        ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"), new IvParameterSpec(new byte[16]));
        sha1 = MessageDigest.getInstance("SHA-1");
    }

    /** AES-128-CTR keystream XORed over the 160-byte RTP payload; the counter runs on from call to call. */
    @Benchmark
    public int aesCtrRtpPayload() throws GeneralSecurityException {
        return ctr.update(rtpPayload, 0, rtpPayload.length, keystream, 0);
    }

    /** The same over the encrypted part of the benchmark's SRTCP packet (all after the first 8 bytes). */
    @Benchmark
    public int aesCtrRtcpPayload() throws GeneralSecurityException {
        return ctr.update(rtcpPayload, 0, rtcpPayload.length, keystream, 0);
    }

    /** One SHA-1 compression: a whole 64-byte block, so the digest hashes it at once, nothing buffered. */
    @Benchmark
    public MessageDigest sha1Block() {
        sha1.update(block, 0, block.length);
        return sha1;
    }
}
