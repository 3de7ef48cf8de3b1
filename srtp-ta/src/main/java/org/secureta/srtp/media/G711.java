package org.secureta.srtp.media;

/**
 * ITU-T G.711 companding of 16-bit linear PCM: mu-law (PCMU, payload type 0) and A-law (PCMA,
 * payload type 8). Decoding uses 256-entry tables, so the receive path does no arithmetic.
 */
public enum G711 {
    PCMU(0), PCMA(8);

    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;
    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_TO_LINEAR[i] = ulawToLinear((byte) i);
            ALAW_TO_LINEAR[i] = alawToLinear((byte) i);
        }
    }

    private final int payloadType;

    G711(int payloadType) {
        this.payloadType = payloadType;
    }

    /** The RTP static payload type (RFC 3551 table 4). */
    public int payloadType() {
        return payloadType;
    }

    /** The codec of a static payload type, 0 or 8. */
    public static G711 ofPayloadType(int payloadType) {
        return switch (payloadType) {
            case 0 -> PCMU;
            case 8 -> PCMA;
            default -> throw new IllegalArgumentException("not a G.711 payload type: " + payloadType + " (allowed: 0 PCMU, 8 PCMA)");
        };
    }

    public byte encode(short sample) {
        return this == PCMU ? linearToUlaw(sample) : linearToAlaw(sample);
    }

    public short decode(byte code) {
        return this == PCMU ? ULAW_TO_LINEAR[code & 0xff] : ALAW_TO_LINEAR[code & 0xff];
    }

    /** Encodes {@code count} samples into {@code out} from {@code offset}. */
    public void encode(short[] samples, int count, byte[] out, int offset) {
        for (int i = 0; i < count; i++) {
            out[offset + i] = encode(samples[i]);
        }
    }

    /** Decodes {@code count} bytes of {@code in} from {@code offset} into {@code samples}. */
    public void decode(byte[] in, int offset, int count, short[] samples) {
        short[] table = this == PCMU ? ULAW_TO_LINEAR : ALAW_TO_LINEAR;
        for (int i = 0; i < count; i++) {
            samples[i] = table[in[offset + i] & 0xff];
        }
    }

    private static byte linearToUlaw(short pcm) {
        int sample = pcm;
        int sign = (sample >> 8) & 0x80;
        if (sign != 0) {
            sample = -sample;
        }
        if (sample > CLIP) {
            sample = CLIP;
        }
        sample += BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (sample >> (exponent + 3)) & 0x0f;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    private static short ulawToLinear(byte code) {
        int u = ~code & 0xff;
        int sign = u & 0x80;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0f;
        int sample = (((mantissa << 3) + BIAS) << exponent) - BIAS;
        return (short) (sign != 0 ? -sample : sample);
    }

    private static byte linearToAlaw(short pcm) {
        int sample = pcm;
        int sign = sample >= 0 ? 0x80 : 0;
        if (sign == 0) {
            sample = -sample - 1;
        }
        if (sample > 32767) {
            sample = 32767;
        }
        int code;
        if (sample < 256) {
            code = sample >> 4;
        } else {
            int exponent = 1;
            for (int s = sample >> 8; s > 1; s >>= 1) {
                exponent++;
            }
            code = (exponent << 4) | ((sample >> (exponent + 3)) & 0x0f);
        }
        return (byte) ((code | sign) ^ 0x55);
    }

    private static short alawToLinear(byte code) {
        int a = (code ^ 0x55) & 0xff;
        int exponent = (a >> 4) & 0x07;
        int mantissa = a & 0x0f;
        int sample = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short) ((a & 0x80) != 0 ? sample : -sample);
    }
}
