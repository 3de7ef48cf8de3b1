package org.secureta.example.cdr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@code HOME/cdr/calls.csv}: a header line when the file is new, then one line per call, appended. */
final class CdrFile {

    static final String NAME = "calls.csv";

    private final Path file;

    CdrFile(Path directory) {
        this.file = directory.resolve(NAME);
    }

    Path path() {
        return file;
    }

    synchronized void append(CallDetailRecord record) throws IOException {
        Files.createDirectories(file.getParent());
        String line = record.toCsv() + "\r\n"; // RFC 4180: CRLF line breaks
        if (!Files.exists(file) || Files.size(file) == 0) {
            line = CallDetailRecord.header() + "\r\n" + line;
        }
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
