package org.secureta.srtp.mikey;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * MIKEY pre-shared-key I_MESSAGEs per second, for a call with two media streams:
 * {@code buildOffer} is what the offerer does (random CSB ID, RAND and TGK, key derivation,
 * AES-CM encryption, HMAC), {@code parseAndVerify} what the answerer does (decode, freshness,
 * MAC check, replay cache, decryption, TEK derivation, verification message). Run with
 * {@code srtp-ta/bench/mikey.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MikeyBenchmark {

    private static final byte[] PSK = new byte[32];
    private static final List<CryptoSession> TWO_STREAMS = List.of(new CryptoSession(0, 0, 0), new CryptoSession(0, 0, 0));
    private static final List<SrtpPolicy> POLICY = List.of(SrtpPolicy.forProfile(0, SrtpProfile.AES_CM_128_HMAC_SHA1_80));

    private Clock clock;
    private MikeyInitiator initiator;
    private byte[] offer;

    @Setup
    public void setUp() throws MikeyException {
        clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        initiator = new MikeyInitiator(PSK, false, new SecureRandom(), new ReplayCache(clock, Duration.ofMinutes(5), 10));
        offer = initiator.start(TWO_STREAMS, POLICY).message();
    }

    @Benchmark
    public byte[] buildOffer() throws MikeyException {
        return initiator.start(TWO_STREAMS, POLICY).message();
    }

    @Benchmark
    public Object parseAndVerify() throws MikeyException {
        // A fresh replay cache each time: the same message is verified over and over.
        return new MikeyResponder(PSK, false, new ReplayCache(clock, Duration.ofMinutes(5), 10)).respond(offer);
    }
}
