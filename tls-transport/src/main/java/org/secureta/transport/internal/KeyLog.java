package org.secureta.transport.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Set;

/**
 * A TLS key log in the NSS format that Wireshark reads ({@code tls.keylog_file}): one line per
 * secret, {@code LABEL <client random hex> <secret hex>}. Whoever holds this file can decrypt
 * the captured signalling: it exists for troubleshooting (guide section 3.1, which ECDHE
 * suites make impossible with the server's RSA key alone) and is off by default.
 */
final class KeyLog {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private boolean ownerOnly;

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
            createOwnerOnly();
            Files.writeString(file, line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TLS key log " + file, e);
        }
    }

    /**
     * The log is as secret as the keys it holds: created rw------- before the first line (the
     * process umask would leave it world-readable), and an older, more open file is tightened.
     */
    private void createOwnerOnly() throws IOException {
        if (ownerOnly || !file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException existing) {
            // Kept (Wireshark may be reading it), only its permission changes.
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        ownerOnly = true;
    }

    @Override
    public String toString() {
        return "KeyLog[" + file + "]";
    }
}
