package org.secureta.srtp.media;

/** A continuous sine tone at 8 kHz, phase kept across frames so the tone has no clicks. */
public final class ToneGenerator implements AudioSource {

    public static final int SAMPLE_RATE = 8000;

    private final double frequency;
    private final double step;
    private final double amplitude;
    private double phase;

    /**
     * @param frequency in Hz, below the Nyquist frequency of 4000 Hz
     * @param amplitude peak, 0..32767
     */
    public ToneGenerator(double frequency, int amplitude) {
        if (!(frequency > 0 && frequency < SAMPLE_RATE / 2.0)) {
            throw new IllegalArgumentException("tone frequency must be in (0, 4000) Hz, not " + frequency);
        }
        if (amplitude < 0 || amplitude > Short.MAX_VALUE) {
            throw new IllegalArgumentException("tone amplitude must be 0..32767, not " + amplitude);
        }
        this.frequency = frequency;
        this.amplitude = amplitude;
        this.step = 2 * Math.PI * frequency / SAMPLE_RATE;
    }

    public double frequency() {
        return frequency;
    }

    @Override
    public void next(short[] frame) {
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (short) Math.round(amplitude * Math.sin(phase));
            phase += step;
        }
        phase %= 2 * Math.PI;
    }
}
