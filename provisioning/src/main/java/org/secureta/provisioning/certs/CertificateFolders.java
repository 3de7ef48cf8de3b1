package org.secureta.provisioning.certs;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.secureta.transport.pki.AtomicFiles;

/**
 * Where the store keeps what, under the unit's home folder:
 * <ul>
 * <li>{@code certs/other/}: trusted CA certificates ("Other"), X.509 in PEM or DER, several per file root first;</li>
 * <li>{@code certs/host/}: the unit's own certificates with their keys, a file set per certificate sharing a
 * base name: {@code x.crt} (certificate and chain), {@code x.key} (owner read/write only), {@code x.properties}
 * ({@code usage=TlsClient,TlsServer});</li>
 * <li>{@code certs/crl/}: certificate revocation lists (PEM or DER) the administrator places there.</li>
 * </ul>
 * Hidden files (the temporaries of AtomicFiles among them) are never read as certificates.
 */
final class CertificateFolders {

    static final Set<String> KEY_EXTENSIONS = Set.of("key");
    static final Set<String> PKCS12_EXTENSIONS = Set.of("p12", "pfx");
    static final String USAGE_EXTENSION = "properties";
    static final String USAGE_PROPERTY = "usage";

    private final Path other;
    private final Path host;
    private final Path crl;

    CertificateFolders(Path home) {
        Path certs = home.resolve("certs");
        this.other = certs.resolve("other");
        this.host = certs.resolve("host");
        this.crl = certs.resolve("crl");
    }

    Path other() {
        return other;
    }

    Path host() {
        return host;
    }

    Path crl() {
        return crl;
    }

    void create() throws IOException {
        Files.createDirectories(other);
        Files.createDirectories(host);
        Files.createDirectories(crl);
    }

    /** The files a stored "Other" certificate or "Host" file set is written to, named by its id. */
    Path otherFile(String id) {
        return other.resolve(id + ".pem");
    }

    Path hostCertificateFile(String id) {
        return host.resolve(id + ".crt");
    }

    Path hostKeyFile(String id) {
        return host.resolve(id + ".key");
    }

    Path hostUsageFile(String id) {
        return host.resolve(id + "." + USAGE_EXTENSION);
    }

    static byte[] usageFileContent(Set<HostUsage> usage) {
        return (USAGE_PROPERTY + "=" + HostUsage.formatList(usage) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static List<Path> visibleFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    static byte[] read(Path file) throws CertificateRejectedException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            String name = file.getFileName().toString();
            throw new CertificateRejectedException(name, Rejection.UNREADABLE, name + ": cannot be read: " + e);
        }
    }

    static Set<HostUsage> readUsage(Path file) throws CertificateRejectedException {
        String name = file.getFileName().toString();
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1)));
            return HostUsage.parseList(properties.getProperty(USAGE_PROPERTY, ""));
        } catch (IOException e) {
            throw new CertificateRejectedException(name, Rejection.UNREADABLE, name + ": cannot be read: " + e);
        } catch (IllegalArgumentException e) {
            throw new CertificateRejectedException(name, Rejection.NO_USAGE, name + ": " + e.getMessage());
        }
    }

    /** Whoever placed a key may have left it readable by others: the unit never does. */
    static void ownerOnly(Path file) {
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, AtomicFiles.OWNER_ONLY);
            }
        } catch (IOException e) {
            // Not ours to fix (e.g. another owner); the key is still used, as the file was placed deliberately.
        }
    }

    static void deleteQuietly(List<Path> files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // The upload already failed; the leftover has no certificate file, so the next load reports it.
            }
        }
    }
}
