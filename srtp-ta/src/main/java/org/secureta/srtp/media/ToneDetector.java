package org.secureta.srtp.media;

/**
 * Goertzel detection of one frequency in frames of decoded audio: a frame "has the tone" when the
 * power at that frequency is at least half of the frame's total power. Random bytes (SRTP
 * ciphertext decoded as G.711) spread their power over the band and never pass; a G.711 tone does.
 * Not thread-safe: one receiving thread feeds it.
 */
public final class ToneDetector {

    private static final double SHARE = 0.5;
    /** Below this mean power (about -60 dBFS) a frame is silence, not evidence either way. */
    private static final double SILENCE = 1000.0;

    private final double frequency;
    private final double coefficient;
    private long frames;
    private long toneFrames;

    public ToneDetector(double frequency) {
        if (!(frequency > 0 && frequency < ToneGenerator.SAMPLE_RATE / 2.0)) {
            throw new IllegalArgumentException("detector frequency must be in (0, 4000) Hz, not " + frequency);
        }
        this.frequency = frequency;
        this.coefficient = 2 * Math.cos(2 * Math.PI * frequency / ToneGenerator.SAMPLE_RATE);
    }

    public double frequency() {
        return frequency;
    }

    /** Examines {@code count} samples; returns whether they carry the tone. */
    public boolean feed(short[] samples, int count) {
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (int i = 0; i < count; i++) {
            double x = samples[i];
            double s0 = x + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
            energy += x * x;
        }
        frames++;
        if (count == 0 || energy / count < SILENCE) {
            return false;
        }
        // |X(k)|^2 of the Goertzel filter; a pure tone of N samples gives about energy * N / 2.
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        boolean tone = power >= SHARE * energy * count / 2;
        if (tone) {
            toneFrames++;
        }
        return tone;
    }

    public long frames() {
        return frames;
    }

    public long toneFrames() {
        return toneFrames;
    }
}
