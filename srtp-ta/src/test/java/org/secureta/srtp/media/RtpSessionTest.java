package org.secureta.srtp.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.secureta.srtp.crypto.SrtpContext;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/** Two media sessions on loopback, as the two ends of a call, without signalling. */
class RtpSessionTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static SrtpKeys keys(int seed) {
        byte[] key = new byte[16];
        byte[] salt = new byte[14];
        Arrays.fill(key, (byte) seed);
        Arrays.fill(salt, (byte) (seed + 1));
        return new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, key, salt, new byte[0]);
    }

    private RtpSession open(String name, double sends, double expects) throws Exception {
        return RtpSession.open(name, LOOPBACK, 0, scheduler, new ToneGenerator(sends, 8000), expects);
    }

    private static long await(LongSupplier value, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (value.getAsLong() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return value.getAsLong();
    }

    @Test
    void srtpAudioDecryptsBothWaysAndRtcpReportsFlow() throws Exception {
        try (RtpSession a = open("a", 1000, 440); RtpSession b = open("b", 440, 1000)) {
            a.start(new InetSocketAddress(LOOPBACK, b.localPort()), G711.PCMU, MediaKeys.srtp(keys(1), keys(2)));
            b.start(new InetSocketAddress(LOOPBACK, a.localPort()), G711.PCMU, MediaKeys.srtp(keys(2), keys(1)));

            assertTrue(await(() -> a.counters().toneFrames(), 25) >= 25, a.counters().toString());
            assertTrue(await(() -> b.counters().toneFrames(), 25) >= 25, b.counters().toString());
            assertTrue(await(() -> b.counters().rtcpReceived(), 1) >= 1, "an SRTCP sender report arrived and authenticated: " + b.counters());
            assertEquals(0, a.counters().authFailures());
        }
    }

    private static SrtpKeys keys(int seed, long lifetime) {
        SrtpKeys base = keys(seed);
        return new SrtpKeys(base.profile(), base.masterKey(), base.masterSalt(), base.mki(), lifetime);
    }

    @Test
    void aSendingKeyIsNeverUsedPastItsLifetimeAndAsksForRenewalOnceBefore() throws Exception {
        try (RtpSession a = open("a", 1000, 440); RtpSession b = open("b", 440, 1000)) {
            AtomicInteger renewals = new AtomicInteger();
            AtomicLong sentAtRenewal = new AtomicLong(-1);
            // Nobody renews the keys here: the session must go silent at the lifetime.
            a.onKeyRenewalDue(0.5, () -> {
                renewals.incrementAndGet();
                sentAtRenewal.compareAndSet(-1, a.counters().sent());
            });
            b.start(new InetSocketAddress(LOOPBACK, a.localPort()), G711.PCMU, MediaKeys.srtp(keys(2), keys(1, 64)));
            a.start(new InetSocketAddress(LOOPBACK, b.localPort()), G711.PCMU, MediaKeys.srtp(keys(1, 64), keys(2)));

            assertTrue(await(() -> a.counters().expired(), 10) >= 10, a.counters().toString());
            assertEquals(64, a.counters().sent(), "exactly the lifetime's worth of packets left: " + a.counters());
            assertEquals(1, renewals.get(), "renewal asked for once per key");
            assertEquals(31, sentAtRenewal.get(), "asked when half the lifetime was left (the 32nd packet, counted after it is sent)");
            assertEquals(64, await(() -> b.counters().received(), 64), "the peer got all 64 and no more");
            assertEquals(0, b.counters().authFailures());
        }
    }

    @Test
    void newKeysLiftTheSilenceOfAnExhaustedKey() throws Exception {
        try (RtpSession a = open("a", 1000, 440); RtpSession b = open("b", 440, 1000)) {
            b.start(new InetSocketAddress(LOOPBACK, a.localPort()), G711.PCMU, MediaKeys.srtp(keys(2), keys(1, 16)));
            a.start(new InetSocketAddress(LOOPBACK, b.localPort()), G711.PCMU, MediaKeys.srtp(keys(1, 16), keys(2)));
            await(() -> a.counters().expired(), 5);

            b.rekeyReceive(MediaKeys.srtp(keys(2), keys(3)));
            a.rekeySend(MediaKeys.srtp(keys(3), keys(2)));
            assertTrue(await(() -> b.counters().received(), 16 + 25) >= 16 + 25, "audio again under the new key: " + b.counters());
        }
    }

    private static SrtpKeys keysWithMki(int seed, int mki) {
        SrtpKeys base = keys(seed);
        return new SrtpKeys(base.profile(), base.masterKey(), base.masterSalt(), new byte[] {0, 0, 0, (byte) mki});
    }

    @Test
    void aPeerThatSwitchesBetweenItsAnnouncedKeysByMkiIsFollowedWithoutReKeying() throws Exception {
        try (RtpSession a = open("a", 1000, 440); RtpSession b = open("b", 440, 1000)) {
            // b knows both of a's keys (two inline keys of one a=crypto, RFC 4568 6.1); a starts with the first.
            b.start(new InetSocketAddress(LOOPBACK, a.localPort()), G711.PCMU,
                    MediaKeys.srtp(keys(2), java.util.List.of(keysWithMki(1, 1), keysWithMki(5, 2))));
            a.start(new InetSocketAddress(LOOPBACK, b.localPort()), G711.PCMU, MediaKeys.srtp(keysWithMki(1, 1), keys(2)));
            await(() -> b.counters().toneFrames(), 25);

            a.rekeySend(MediaKeys.srtp(keysWithMki(5, 2), keys(2)));
            long before = b.counters().received();
            assertTrue(await(() -> b.counters().received(), before + 25) >= before + 25, b.counters().toString());
            assertEquals(0, b.counters().authFailures(), b.counters().toString());
            assertEquals(0, b.counters().malformed(), "no packet of an unknown MKI: " + b.counters());
            assertEquals(0, b.counters().keyChanges(), "b's keys never changed: the MKI chose among them");
        }
    }

    @Test
    void packetsUnderAKeyTheReceiverWasNotGivenAreDroppedAsUnknownMki() throws Exception {
        try (RtpSession a = open("a", 1000, 440); RtpSession b = open("b", 440, 1000)) {
            b.start(new InetSocketAddress(LOOPBACK, a.localPort()), G711.PCMU, MediaKeys.srtp(keys(2), keysWithMki(1, 1)));
            a.start(new InetSocketAddress(LOOPBACK, b.localPort()), G711.PCMU, MediaKeys.srtp(keysWithMki(1, 3), keys(2)));

            assertTrue(await(() -> b.counters().malformed(), 25) >= 25, b.counters().toString());
            assertEquals(0, b.counters().received());
        }
    }

    @Test
    void wrongKeysGiveAuthenticationFailuresAndNoAudio() throws Exception {
        try (RtpSession a = open("a", 1000, 440); RtpSession b = open("b", 440, 1000)) {
            a.start(new InetSocketAddress(LOOPBACK, b.localPort()), G711.PCMU, MediaKeys.srtp(keys(1), keys(2)));
            b.start(new InetSocketAddress(LOOPBACK, a.localPort()), G711.PCMU, MediaKeys.srtp(keys(2), keys(9)));

            assertTrue(await(() -> b.counters().authFailures(), 25) >= 25, b.counters().toString());
            assertEquals(0, b.counters().received());
            assertEquals(0, b.counters().toneFrames());
        }
    }

    @Test
    void aReplayedPacketIsCountedAndDropped() throws Exception {
        try (RtpSession b = open("b", 440, 1000); DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            b.start(new InetSocketAddress(LOOPBACK, attacker.getLocalPort()), G711.PCMU, MediaKeys.srtp(keys(2), keys(1)));
            SrtpContext peer = SrtpContext.forSending(keys(1));
            byte[] packet = new byte[12 + 160 + 10];
            packet[0] = (byte) 0x80;
            packet[3] = 7;
            packet[11] = 42;
            int length = peer.protect(packet, 0, 12 + 160);
            DatagramPacket datagram = new DatagramPacket(packet, length, new InetSocketAddress(LOOPBACK, b.localPort()));

            attacker.send(datagram);
            attacker.send(datagram);
            // A fresh index, altered after protection (a replayed index is refused before its tag is checked, RFC 3711 3.3).
            byte[] tampered = new byte[12 + 160 + 10];
            tampered[0] = (byte) 0x80;
            tampered[3] = 8;
            tampered[11] = 42;
            peer.protect(tampered, 0, 12 + 160);
            tampered[20] ^= 1;
            attacker.send(new DatagramPacket(tampered, length, new InetSocketAddress(LOOPBACK, b.localPort())));

            assertEquals(1, await(() -> b.counters().replays(), 1), b.counters().toString());
            assertEquals(1, await(() -> b.counters().authFailures(), 1), b.counters().toString());
            assertEquals(1, b.counters().received());
        }
    }

    @Test
    void aStreamOfAnEarlierCallToThisPortIsRefusedAsStrayNotAsThisCallsAuthenticationFailure() throws Exception {
        try (RtpSession b = open("b", 440, 1000);
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             DatagramSocket earlierCallsPeer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            b.start(new InetSocketAddress(LOOPBACK, peer.getLocalPort()), G711.PCMU, MediaKeys.srtp(keys(2), keys(1)));
            InetSocketAddress to = new InetSocketAddress(LOOPBACK, b.localPort());
            SrtpContext earlierKeys = SrtpContext.forSending(keys(7));
            SrtpContext peersKeys = SrtpContext.forSending(keys(1));

            for (int i = 0; i < 3; i++) {
                earlierCallsPeer.send(rtp(earlierKeys, i, 99, to));
            }
            peer.send(rtp(earlierKeys, 0, 42, to));
            // From another address, but authenticated: the peer behind a NAT that changed its source port.
            earlierCallsPeer.send(rtp(peersKeys, 1, 42, to));

            assertEquals(1, await(() -> b.counters().received(), 1), b.counters().toString());
            assertEquals(3, await(() -> b.counters().strays(), 3), b.counters().toString());
            assertEquals(1, await(() -> b.counters().authFailures(), 1), "only the packet from the peer's own address: " + b.counters());
        }
    }

    private static DatagramPacket rtp(SrtpContext context, int sequence, int ssrc, InetSocketAddress to) {
        byte[] packet = new byte[12 + 160 + 10];
        packet[0] = (byte) 0x80;
        packet[3] = (byte) sequence;
        packet[11] = (byte) ssrc;
        int length = context.protect(packet, 0, 12 + 160);
        return new DatagramPacket(packet, length, to);
    }

    @Test
    void framesLeaveOnOneTwentyMillisecondGridWhateverMomentASessionStarts() {
        assertEquals(20_000_000L, RtpSession.untilNextFrameTick(0));
        assertEquals(15_000_000L, RtpSession.untilNextFrameTick(5_000_000L));
        assertEquals(1L, RtpSession.untilNextFrameTick(39_999_999L));
        assertEquals(5_000_000L, RtpSession.untilNextFrameTick(-5_000_000L), "System.nanoTime may be negative");
    }

    @Test
    void plainRtpCarriesTheToneToo() throws Exception {
        try (RtpSession a = open("a", 1000, 440); RtpSession b = open("b", 440, 1000)) {
            a.start(new InetSocketAddress(LOOPBACK, b.localPort()), G711.PCMA, MediaKeys.PLAIN);
            b.start(new InetSocketAddress(LOOPBACK, a.localPort()), G711.PCMA, MediaKeys.PLAIN);

            assertTrue(await(() -> b.counters().toneFrames(), 25) >= 25, b.counters().toString());
            assertTrue(await(() -> a.counters().toneFrames(), 25) >= 25, a.counters().toString());
        }
    }

    @Test
    void portsComeInEvenOddPairsFromTheBasePortUpward() throws Exception {
        DatagramSocket[] first = MediaPorts.bindPair(LOOPBACK, 0);
        int base = first[0].getLocalPort();
        try {
            assertEquals(0, base % 2);
            assertEquals(base + 1, first[1].getLocalPort());
            DatagramSocket[] next = MediaPorts.bindPair(LOOPBACK, base);
            try {
                assertTrue(next[0].getLocalPort() > base && next[0].getLocalPort() % 2 == 0,
                        "the pair at the base port is busy: the next free even port, got " + next[0].getLocalPort());
                assertEquals(next[0].getLocalPort() + 1, next[1].getLocalPort());
            } finally {
                next[0].close();
                next[1].close();
            }
        } finally {
            first[0].close();
            first[1].close();
        }
    }
}
