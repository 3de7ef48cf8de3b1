package org.secureta.provisioning.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Consumer;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.pki.AtomicFiles;

/**
 * The password of the web user {@code admin}. There is no default password: it is
 * SecureTA.WebAdminPassword when the profile sets one; otherwise one is generated at first start
 * and its PBKDF2 hash kept ({@code HOME/web/admin.pbkdf2}). The generated password itself goes
 * to an owner-only file ({@code HOME/web-admin-password}), never to standard output, where it
 * would mix with the event lines of {@code --no-shell} and end up in whatever collects them; an
 * event line names the file.
 */
public final class AdminPassword {

    static final String HASH_FILE = "admin.pbkdf2";
    /** In the home folder: the generated password, for the engineer to read once. */
    public static final String GENERATED_PASSWORD_FILE = "web-admin-password";
    private static final int ITERATIONS = 210_000;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] salt;
    private final byte[] hash;

    private AdminPassword(byte[] salt, byte[] hash) {
        this.salt = salt;
        this.hash = hash;
    }

    public static AdminPassword of(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new AdminPassword(salt, derive(password.toCharArray(), salt));
    }

    /**
     * The profile's password when set; else the one generated earlier in {@code webFolder}; else a
     * new one, written to {@code passwordFile} (owner-only) and announced by a {@code WEB web=admin
     * state=PasswordGenerated file=...} event that names the file, never the password.
     */
    public static AdminPassword resolve(String profilePassword, Path webFolder, Path passwordFile, Consumer<UnitEvent> announce)
            throws IOException {
        if (!profilePassword.isEmpty()) {
            return of(profilePassword);
        }
        Path file = webFolder.resolve(HASH_FILE);
        if (Files.exists(file)) {
            String[] parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split(":");
            if (parts.length == 2) {
                return new AdminPassword(Base64.getDecoder().decode(parts[0]), Base64.getDecoder().decode(parts[1]));
            }
        }
        String generated = generate();
        AdminPassword password = of(generated);
        Files.createDirectories(webFolder);
        writeSecret(file, (Base64.getEncoder().encodeToString(password.salt) + ":"
                + Base64.getEncoder().encodeToString(password.hash) + "\n").getBytes(StandardCharsets.US_ASCII));
        writeSecret(passwordFile, (generated + "\n").getBytes(StandardCharsets.US_ASCII));
        announce.accept(UnitEvent.of("WEB", "web", "admin", "state", "PasswordGenerated", "user", "admin", "file", passwordFile.toString(),
                "message", "the generated password of user admin is in " + passwordFile
                        + " (owner-only); set SecureTA.WebAdminPassword to choose your own"));
        return password;
    }

    private static void writeSecret(Path file, byte[] content) throws IOException {
        try {
            AtomicFiles.writeSecret(file, content);
        } catch (org.secureta.transport.pki.PkiException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static String generate() {
        char[] c = new char[16];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(hash, derive(candidate.toCharArray(), salt));
    }

    private static byte[] derive(char[] password, byte[] salt) {
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(new PBEKeySpec(password, salt, ITERATIONS, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is part of every Java 17 runtime", e);
        }
    }

    @Override
    public String toString() {
        return "AdminPassword[hidden]";
    }
}
