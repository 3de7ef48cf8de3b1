package org.secureta.transport.pki;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that readers see either the old content or the whole new one: the bytes go
 * to a hidden temporary file in the same folder, which is then renamed over the target. Secret
 * files (private keys, PKCS#12) are created owner read/write only from the start, so the key is
 * never readable by others, not even for a moment.
 */
public final class AtomicFiles {

    /** rw------- : the permission of every private key file the unit writes. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {
    }

    /** Writes a file anyone may read (certificates, settings). */
    public static void writePublic(Path target, byte[] content) throws PkiException {
        write(target, content, false);
    }

    /** Writes a file only its owner may read or write (private keys). */
    public static void writeSecret(Path target, byte[] content) throws PkiException {
        write(target, content, true);
    }

    /** True when the file system has POSIX permissions and the file is rw------- . */
    public static boolean isOwnerOnly(Path file) throws IOException {
        return Files.getPosixFilePermissions(file).equals(OWNER_ONLY);
    }

    private static void write(Path target, byte[] content, boolean secret) throws PkiException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(folder);
            temporary = createTemporary(folder, secret);
            Files.write(temporary, content);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new PkiException(target.toString(), PkiException.Problem.WRITE_FAILED, "cannot write: " + e, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // Best effort: the temporary is hidden and never read as a certificate.
                }
            }
        }
    }

    private static Path createTemporary(Path folder, boolean secret) throws IOException {
        boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!posix) {
            return Files.createTempFile(folder, ".write-", ".tmp");
        }
        FileAttribute<Set<PosixFilePermission>> permissions = PosixFilePermissions.asFileAttribute(
                secret ? OWNER_ONLY : PosixFilePermissions.fromString("rw-r--r--"));
        Path temporary = Files.createTempFile(folder, ".write-", ".tmp", permissions);
        // The umask may have removed bits at creation; set exactly what we want.
        Files.setPosixFilePermissions(temporary, secret ? OWNER_ONLY : PosixFilePermissions.fromString("rw-r--r--"));
        return temporary;
    }
}
