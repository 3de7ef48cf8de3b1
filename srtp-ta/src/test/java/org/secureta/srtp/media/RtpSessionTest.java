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
