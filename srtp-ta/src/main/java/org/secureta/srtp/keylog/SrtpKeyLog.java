package org.secureta.srtp.keylog;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The unit's SRTP key log (SecureTA.SrtpKeyLogEnable): one {@link SrtpKeyLogEntry} line per call
 * and direction, appended to a file that only the unit's user may read (rw-------, in a rwx------
 * folder), as the TLS key log is. Thread-safe: calls of several lines write to one file.
 */
public final class SrtpKeyLog {

    private final Path file;

    /** @param file where to append; created owner-only when missing, made owner-only when it exists */
    public SrtpKeyLog(Path file) throws IOException {
        this.file = file.toAbsolutePath();
        Path folder = this.file.getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(folder)) {
            if (posix) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(folder);
            }
        }
        if (!Files.exists(this.file)) {
            if (posix) {
                Files.createFile(this.file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(this.file);
            }
        }
        if (posix) {
            // An older file may have been created by hand with wider rights: the keys make it a secret.
            Files.setPosixFilePermissions(this.file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    public Path file() {
        return file;
    }

    /** Appends one line; an I/O failure is thrown to the caller, who reports it without the keys. */
    public synchronized void write(SrtpKeyLogEntry entry) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.APPEND)) {
            w.write(entry.line());
            w.write('\n');
        }
    }

    @Override
    public String toString() {
        return "SrtpKeyLog[" + file + "]";
    }
}
