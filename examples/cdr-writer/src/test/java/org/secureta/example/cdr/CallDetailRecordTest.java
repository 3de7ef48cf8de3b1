package org.secureta.example.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallDetailRecordTest {

    @TempDir
    Path dir;

    private static CallDetailRecord record(String peer, String reason) {
        return new CallDetailRecord("7", Instant.parse("2026-11-27T03:00:00Z"), Optional.of(Instant.parse("2026-11-27T03:00:01Z")),
                Instant.parse("2026-11-27T03:00:09Z"), peer, true, "Mikey", "AES_CM_128_HMAC_SHA1_80", 400, 398, 0, reason);
    }

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedAsRfc4180Says() {
        String csv = record("\"Bob, the other\" <sip:200@127.0.0.1>", "remote hang-up\nthen \"bye\"").toCsv();
        assertTrue(csv.contains(",\"\"\"Bob, the other\"\" <sip:200@127.0.0.1>\","), csv);
        assertTrue(csv.endsWith(",\"remote hang-up\nthen \"\"bye\"\"\""), csv);
    }

    @Test
    void aFieldThatASpreadsheetWouldRunAsAFormulaIsDefused() {
        assertEquals("\"'=HYPERLINK(1)\"", CallDetailRecord.field("=HYPERLINK(1)"));
        assertEquals("sip:200@h", CallDetailRecord.field("sip:200@h"));
    }

    @Test
    void theFileStartsWithTheHeaderAndGetsOneLinePerCall() throws Exception {
        CdrFile file = new CdrFile(dir.resolve("cdr"));
        file.append(record("sip:200@127.0.0.1", "local hang-up"));
        file.append(record("sip:100@127.0.0.1", "remote hang-up"));
        List<String> lines = List.of(Files.readString(file.path(), StandardCharsets.UTF_8).split("\r\n"));
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("call,start,answer,end,peer,secure,key_management,suite,packets_sent,packets_received,auth_failures,reason",
                lines.get(0));
        assertEquals("7,2026-11-27T03:00:00Z,2026-11-27T03:00:01Z,2026-11-27T03:00:09Z,sip:100@127.0.0.1,yes,Mikey,"
                + "AES_CM_128_HMAC_SHA1_80,400,398,0,remote hang-up", lines.get(2));
    }
}
