package org.secureta.transport.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/**
 * A TLS key log in the NSS format that Wireshark reads ({@code tls.keylog_file}): one line per
 * secret, {@code LABEL <client random hex> <secret hex>}. Whoever holds this file can decrypt
 * the captured signalling: it exists for troubleshooting (guide section 3.1, which ECDHE
 * suites make impossible with the server's RSA key alone) and is off by default.
 */
final class KeyLog {

    private final Path file;

    KeyLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    synchronized void write(String label, byte[] clientRandom, byte[] secret) {
        HexFormat hex = HexFormat.of();
        String line = label + " " + hex.formatHex(clientRandom) + " " + hex.formatHex(secret) + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TLS key log " + file, e);
        }
    }

    @Override
    public String toString() {
        return "KeyLog[" + file + "]";
    }
}
