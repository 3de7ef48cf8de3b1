package org.secureta.srtp.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavSourceTest {

    /** 8 kHz mono 16-bit PCM, as a user would record for G.711. */
    static byte[] wav(double toneHz, int sampleRate, int samples) {
        ByteBuffer wav = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(sampleRate)
                .putInt(2 * sampleRate).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes()).putInt(2 * samples);
        short[] frame = new short[samples];
        new ToneGenerator(toneHz, 8000).next(frame);
        for (short s : frame) {
            wav.putShort(s);
        }
        return wav.array();
    }

    @Test
    void aWavFilesToneIsWhatTheCallSends(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tone.wav");
        Files.write(file, wav(440, 8000, 8000));
        WavSource source = WavSource.read(file);
        ToneDetector detector = new ToneDetector(440);
        short[] frame = new short[RtpSession.FRAME_SAMPLES];
        for (int i = 0; i < 100; i++) { // 2 s from a 1 s file: it loops
            source.next(frame);
            detector.feed(frame, frame.length);
        }
        assertEquals(100, detector.toneFrames());
    }

    @Test
    void aFileOfAnotherSampleRateIsRefusedWithTheFieldAndItsOffset() {
        IOException e = assertThrows(IOException.class, () -> WavSource.parse(wav(440, 44100, 100), "music.wav"));
        assertEquals("music.wav: offset 24: sample rate 44100, only 8000 allowed", e.getMessage());
    }

    @Test
    void somethingElseIsNotAWavFile() {
        IOException e = assertThrows(IOException.class, () -> WavSource.parse("hello, world".getBytes(), "text.wav"));
        assertEquals("text.wav: offset 0: not a RIFF/WAVE file", e.getMessage());
    }

    @Test
    void aTruncatedChunkIsRefused() {
        byte[] whole = wav(440, 8000, 100);
        byte[] cut = java.util.Arrays.copyOf(whole, 60);
        IOException e = assertThrows(IOException.class, () -> WavSource.parse(cut, "cut.wav"));
        assertEquals("cut.wav: offset 36: chunk 'data' of 200 bytes exceeds the file", e.getMessage());
    }
}
