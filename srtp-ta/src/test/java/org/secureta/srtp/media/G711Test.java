package org.secureta.srtp.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class G711Test {

    @Test
    void muLawEncodesTheReferenceCodesOfG711() {
        // G.711 table 2a: silence is 0xFF, full positive scale 0x80, full negative 0x00.
        assertEquals((byte) 0xff, G711.PCMU.encode((short) 0));
        assertEquals((byte) 0x80, G711.PCMU.encode(Short.MAX_VALUE));
        assertEquals((byte) 0x00, G711.PCMU.encode(Short.MIN_VALUE));
    }

    @Test
    void aLawEncodesTheReferenceCodesOfG711() {
        // G.711 table 1a: even bits inverted; the smallest positive value is 0xD5, the smallest negative 0x55.
        assertEquals((byte) 0xd5, G711.PCMA.encode((short) 0));
        assertEquals((byte) 0x55, G711.PCMA.encode((short) -1));
        assertEquals((byte) 0xaa, G711.PCMA.encode(Short.MAX_VALUE));
    }

    @Test
    void everyCodeDecodesToAValueThatEncodesBackToTheSameCode() {
        for (G711 codec : G711.values()) {
            for (int code = 0; code < 256; code++) {
                if (codec == G711.PCMU && code == 0x7f) {
                    continue; // mu-law has two zeros (0x7F and 0xFF); zero encodes to 0xFF
                }
                short linear = codec.decode((byte) code);
                assertEquals((byte) code, codec.encode(linear), codec + " code " + code + " -> " + linear);
            }
        }
    }

    @Test
    void theQuantisationErrorStaysWithinTheSegmentStep() {
        for (G711 codec : G711.values()) {
            for (int sample = -32000; sample <= 32000; sample += 7) {
                short decoded = codec.decode(codec.encode((short) sample));
                int error = Math.abs(decoded - sample);
                assertTrue(error <= Math.max(16, Math.abs(sample) / 16 + 8), codec + " " + sample + " -> " + decoded);
            }
        }
    }

    @Test
    void onlyTheStaticPayloadTypesZeroAndEightAreG711() {
        assertEquals(G711.PCMU, G711.ofPayloadType(0));
        assertEquals(G711.PCMA, G711.ofPayloadType(8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> G711.ofPayloadType(18));
        assertTrue(e.getMessage().contains("18") && e.getMessage().contains("0 PCMU"), e.getMessage());
    }
}
