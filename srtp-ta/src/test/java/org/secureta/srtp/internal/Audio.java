package org.secureta.srtp.internal;

import java.time.Duration;
import java.util.List;

import org.secureta.srtp.media.G711;
import org.secureta.srtp.media.RtpSession;
import org.secureta.srtp.media.ToneDetector;

/** Checks on a call's audio, for the tests. */
final class Audio {

    /** Half a second of 20 ms frames. */
    static final long ENOUGH_TONE_FRAMES = 25;

    private Audio() {
    }

    /** Waits until the party's call detected the expected tone in {@link #ENOUGH_TONE_FRAMES} frames; returns the count. */
    static long awaitTone(Party party, String call, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long frames;
        while ((frames = party.agent.toneFrames(call)) < ENOUGH_TONE_FRAMES && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return frames;
    }

    /** The share of captured RTP packets whose payload, read as G.711, carries the tone: about 1 in clear, 0 when encrypted. */
    static double toneShare(List<byte[]> rtpPackets, double frequency) {
        ToneDetector detector = new ToneDetector(frequency);
        short[] samples = new short[RtpSession.FRAME_SAMPLES];
        for (byte[] packet : rtpPackets) {
            int payloadType = packet[1] & 0x7f;
            if (packet.length < 12 + RtpSession.FRAME_SAMPLES || (payloadType != 0 && payloadType != 8)) {
                continue;
            }
            G711.ofPayloadType(payloadType).decode(packet, 12, RtpSession.FRAME_SAMPLES, samples);
            detector.feed(samples, RtpSession.FRAME_SAMPLES);
        }
        return detector.frames() == 0 ? Double.NaN : (double) detector.toneFrames() / detector.frames();
    }
}
