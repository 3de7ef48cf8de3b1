package org.secureta.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS key log is as secret as the keys: owner-only from its first line, whatever the umask. */
class KeyLogTest {

    @TempDir
    Path dir;

    @Test
    void aNewKeyLogIsCreatedOwnerOnly() throws Exception {
        Path file = dir.resolve("tls-keys.log");
        KeyLog log = new KeyLog(file);
        log.write("CLIENT_RANDOM", new byte[] {1, 2}, new byte[] {(byte) 0xab});
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("CLIENT_RANDOM 0102 ab\n", Files.readString(file));
    }

    @Test
    void anOlderWorldReadableKeyLogIsTightenedAndKept() throws Exception {
        Path file = dir.resolve("tls-keys.log");
        Files.writeString(file, "CLIENT_RANDOM 00 ff\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        KeyLog log = new KeyLog(file);
        log.write("EXPORTER_SECRET", new byte[] {3}, new byte[] {4});
        log.write("EXPORTER_SECRET", new byte[] {5}, new byte[] {6});
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("CLIENT_RANDOM 00 ff\nEXPORTER_SECRET 03 04\nEXPORTER_SECRET 05 06\n", Files.readString(file));
    }
}
