package org.secureta.srtp.keylog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

class SrtpKeyLogTest {

    private static final SrtpKeys KEYS = new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80,
            HexFormat.of().parseHex("00112233445566778899aabbccddeeff"), HexFormat.of().parseHex("0102030405060708090a0b0c0d0e"), new byte[0]);

    @Test
    void aLineReadsBackAsWritten() {
        SrtpKeyLogEntry entry = new SrtpKeyLogEntry("abc@host", SrtpKeyLogEntry.Direction.SEND, OptionalInt.of(0xCAFEBABE), KEYS);
        SrtpKeyLogEntry back = SrtpKeyLogEntry.parse(entry.line());
        assertEquals("abc@host", back.callId());
        assertEquals(OptionalInt.of(0xCAFEBABE), back.ssrc());
        assertArrayEquals(KEYS.masterKey(), back.keys().masterKey());
        assertArrayEquals(KEYS.masterSalt(), back.keys().masterSalt());
        assertFalse(entry.toString().contains("00112233"), "toString hides the key: " + entry);
    }

    @Test
    void aBadLineNamesTheFieldWithoutEchoingKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SrtpKeyLogEntry.parse(
                "SRTP_KEYS call=x direction=send ssrc=any suite=AES_CM_128_HMAC_SHA1_80 key=0011 salt=0102030405060708090a0b0c0d0e mki=-"));
        assertTrue(e.getMessage().contains("key= has 2 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SrtpKeyLogEntry.parse("CLIENT_RANDOM 00 11"));
    }

    @Test
    void theFileIsOwnerOnly(@TempDir Path dir) throws Exception {
        SrtpKeyLog log = new SrtpKeyLog(dir.resolve("keylog/srtp-keys.log"));
        log.write(new SrtpKeyLogEntry("c1", SrtpKeyLogEntry.Direction.RECEIVE, OptionalInt.empty(), KEYS));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log.file().getParent())));
        List<String> lines = Files.readAllLines(log.file());
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("SRTP_KEYS call=c1 direction=receive ssrc=any suite=AES_CM_128_HMAC_SHA1_80 key=00112233"));
    }
}
