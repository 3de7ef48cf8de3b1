package org.secureta.srtp.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ToneDetectorTest {

    private static long toneFrames(double sent, double expected, G711 codec, int frames) {
        ToneGenerator tone = new ToneGenerator(sent, 8000);
        ToneDetector detector = new ToneDetector(expected);
        short[] frame = new short[RtpSession.FRAME_SAMPLES];
        byte[] coded = new byte[RtpSession.FRAME_SAMPLES];
        for (int i = 0; i < frames; i++) {
            tone.next(frame);
            codec.encode(frame, frame.length, coded, 0);
            codec.decode(coded, 0, coded.length, frame);
            detector.feed(frame, frame.length);
        }
        return detector.toneFrames();
    }

    @Test
    void aG711CodedToneIsDetectedInEveryFrame() {
        assertEquals(50, toneFrames(1000, 1000, G711.PCMU, 50));
        assertEquals(50, toneFrames(440, 440, G711.PCMA, 50));
    }

    @Test
    void theOtherSidesToneIsNotMistakenForTheExpectedOne() {
        assertEquals(0, toneFrames(440, 1000, G711.PCMU, 50));
        assertEquals(0, toneFrames(1000, 440, G711.PCMU, 50));
    }

    @Test
    void randomBytesReadAsG711AreNoTone() {
        // What SRTP ciphertext looks like to a receiver without the key.
        Random random = new Random(7);
        ToneDetector detector = new ToneDetector(1000);
        byte[] noise = new byte[RtpSession.FRAME_SAMPLES];
        short[] frame = new short[RtpSession.FRAME_SAMPLES];
        for (int i = 0; i < 500; i++) {
            random.nextBytes(noise);
            G711.PCMU.decode(noise, 0, noise.length, frame);
            detector.feed(frame, frame.length);
        }
        assertEquals(500, detector.frames());
        assertEquals(0, detector.toneFrames());
    }

    @Test
    void silenceIsNoTone() {
        ToneDetector detector = new ToneDetector(1000);
        detector.feed(new short[160], 160);
        assertEquals(0, detector.toneFrames());
    }

    @Test
    void frequenciesOutsideTheTelephoneBandAreRefusedWithTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ToneDetector(4000));
        assertEquals("detector frequency must be in (0, 4000) Hz, not 4000.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ToneGenerator(-1, 100));
        assertThrows(IllegalArgumentException.class, () -> new ToneGenerator(440, 40000));
    }
}
