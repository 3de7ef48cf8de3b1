package org.secureta.srtp.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Audio from a WAV file, played in a loop: RIFF/WAVE, PCM (format 1), mono, 8000 Hz, 16 bits, the
 * shape G.711 needs, so nothing is resampled. Any other file is refused with the field, its offset
 * and the allowed value. The file is read once, at most {@value #MAX_BYTES} bytes.
 */
public final class WavSource implements AudioSource {

    static final int MAX_BYTES = 16 * 1024 * 1024;

    private final short[] samples;
    private int position;

    private WavSource(short[] samples) {
        this.samples = samples;
    }

    public static WavSource read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException(file + ": " + size + " bytes, at most " + MAX_BYTES + " allowed for a WAV source");
        }
        return parse(Files.readAllBytes(file), file.toString());
    }

    static WavSource parse(byte[] bytes, String name) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !tag(bytes, 0).equals("RIFF") || !tag(bytes, 8).equals("WAVE")) {
            throw new IOException(name + ": offset 0: not a RIFF/WAVE file");
        }
        boolean format = false;
        int offset = 12;
        while (offset + 8 <= bytes.length) {
            String id = tag(bytes, offset);
            long length = in.getInt(offset + 4) & 0xffffffffL;
            int body = offset + 8;
            if (length > bytes.length - body) {
                throw new IOException(name + ": offset " + offset + ": chunk '" + id + "' of " + length + " bytes exceeds the file");
            }
            if (id.equals("fmt ")) {
                require(name, body, "audio format", in.getShort(body), 1);
                require(name, body + 2, "channels", in.getShort(body + 2), 1);
                require(name, body + 4, "sample rate", in.getInt(body + 4), ToneGenerator.SAMPLE_RATE);
                require(name, body + 14, "bits per sample", in.getShort(body + 14), 16);
                format = true;
            } else if (id.equals("data")) {
                if (!format) {
                    throw new IOException(name + ": offset " + offset + ": data chunk before the fmt chunk");
                }
                int count = (int) (length / 2);
                if (count == 0) {
                    throw new IOException(name + ": offset " + offset + ": empty data chunk");
                }
                short[] samples = new short[count];
                in.position(body);
                in.asShortBuffer().get(samples);
                return new WavSource(samples);
            }
            offset = body + (int) length + (int) (length & 1);
        }
        throw new IOException(name + ": no data chunk");
    }

    private static void require(String name, int offset, String field, int value, int allowed) throws IOException {
        if (value != allowed) {
            throw new IOException(name + ": offset " + offset + ": " + field + " " + value + ", only " + allowed + " allowed");
        }
    }

    private static String tag(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public void next(short[] frame) {
        for (int i = 0; i < frame.length; i++) {
            frame[i] = samples[position];
            position = position + 1 == samples.length ? 0 : position + 1;
        }
    }
}
