package org.secureta.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The unit's home folder as the launcher prepares it. The home holds the unit's secrets (the
 * saved profile with the line password and the MIKEY pre-shared key, private keys, the TLS key
 * log, the web admin password), so the home and the framework's state folder inside it are
 * owner-only (rwx------), as ~/.ssh: even a file some library creates with the process umask
 * (0644) cannot be read by another user. A JVM cannot set its umask, so the folders do it.
 */
public final class UnitHome {

    /** rwx------ */
    static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    static final String FRAMEWORK_STORAGE = "felix-cache";

    private UnitHome() {
    }

    /** Creates (or tightens) the home and its framework storage folder; returns the storage folder. */
    static Path prepare(Path home) throws IOException {
        ownerOnlyFolder(home);
        Path storage = home.resolve(FRAMEWORK_STORAGE);
        ownerOnlyFolder(storage);
        return storage;
    }

    /**
     * Writes a file that holds secrets (a profile with passwords and the MIKEY key) owner-only
     * (rw-------) from its first byte: written to a temporary file created owner-only in the same
     * folder, then moved over the target. The launcher's own copy of the transport's
     * AtomicFiles.writeSecret: the launcher's class path has no bundle classes.
     */
    public static void writeSecret(Path file, byte[] content) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path temporary = posix
                ? Files.createTempFile(folder, ".secret", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(folder, ".secret", ".tmp");
        try {
            Files.write(temporary, content);
            try {
                Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Creates {@code folder} (and missing parents) owner-only, or makes an existing one
     * owner-only. Parents that already exist are left as they are: they are not the unit's.
     */
    public static void ownerOnlyFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            try {
                Files.setPosixFilePermissions(folder, OWNER_ONLY_FOLDER);
            } catch (IOException e) {
                // Another owner's folder (a shared home given with --home): its owner decides.
            }
        }
    }
}
