package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher makes the unit's home and the framework's storage owner-only, new or existing. */
class UnitHomeTest {

    @TempDir
    Path dir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewHomeAndItsFrameworkStorageAreOwnerOnly() throws Exception {
        Path home = dir.resolve("lab/unit1.home");
        Path storage = UnitHome.prepare(home);
        assertEquals(home.resolve("felix-cache"), storage);
        assertEquals("rwx------", mode(home));
        assertEquals("rwx------", mode(storage));
    }

    @Test
    void anExistingOpenHomeIsTightenedButItsParentIsLeftAlone() throws Exception {
        Path parent = Files.createDirectories(dir.resolve("lab"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Files.createDirectories(parent.resolve("unit1.home/felix-cache"));
        Files.setPosixFilePermissions(home.getParent(), PosixFilePermissions.fromString("rwxrwxr-x"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        UnitHome.prepare(home.getParent());
        assertEquals("rwx------", mode(home.getParent()));
        assertEquals("rwx------", mode(home));
        assertEquals("rwxr-xr-x", mode(parent), "not the unit's folder");
    }
}
