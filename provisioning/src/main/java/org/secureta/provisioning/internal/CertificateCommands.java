package org.secureta.provisioning.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.secureta.provisioning.certs.CertificateCategory;
import org.secureta.provisioning.certs.CertificateChanges;
import org.secureta.provisioning.certs.CertificateEntry;
import org.secureta.provisioning.certs.CertificateRejectedException;
import org.secureta.provisioning.certs.CertificateUpload;
import org.secureta.provisioning.certs.HostUsage;
import org.secureta.provisioning.certs.Rejection;
import org.secureta.provisioning.web.UnitManagement;

/**
 * {@code ta:cert}: Management > Certificates from the Gogo shell, with the page's rules and
 * messages (both go through {@link CertificateChanges}).
 *
 * <pre>
 * ta:cert list
 * ta:cert add-other FILE
 * ta:cert add-host [--unsecured-transfer] [--usage TlsClient,TlsServer] [--key KEYFILE] [--password-file F] FILE [PKCS12-PASSWORD]
 * ta:cert delete ID
 * </pre>
 *
 * A PKCS#12 password typed on the command line stays in the shell's history: {@code
 * --password-file} reads it from the first line of a file instead.
 *
 * A Host certificate comes with its private key, so {@code add-host} wants
 * {@code --unsecured-transfer} as the page wants its box ticked: the file may have travelled to
 * the unit in clear text (guide section 2.3), and the engineer says that this is accepted.
 * Relative file names are resolved against the unit's working folder (where {@code ./ta run} was
 * started).
 */
final class CertificateCommands {

    static final String USAGE = """
            usage: ta:cert list
                   ta:cert add-other FILE
                   ta:cert add-host [--unsecured-transfer] [--usage TlsClient,TlsServer] [--key KEYFILE] [--password-file F]
                                    FILE [PKCS12-PASSWORD]
                   ta:cert delete ID""";
    private static final String UNSECURED = "--unsecured-transfer";

    private final UnitManagement unit;
    private final Path workingFolder;

    CertificateCommands(UnitManagement unit, Path workingFolder) {
        this.unit = unit;
        this.workingFolder = workingFolder;
    }

    String run(String action, String... args) {
        try {
            return switch (action) {
                case "list" -> args.length == 0 ? list() : USAGE;
                case "add-other" -> args.length == 1 ? addOther(args[0]) : USAGE;
                case "add-host" -> addHost(args);
                case "delete" -> args.length == 1 ? delete(args[0]) : USAGE;
                default -> "unknown action \"" + action + "\"\n" + USAGE;
            };
        } catch (CertificateRejectedException e) {
            // Only the unsecured-transfer refusal needs another word for the shell: the page's box is an option here.
            return "refused: " + e.getMessage() + (e.reason() == Rejection.UNSECURED_TRANSFER_REQUIRED
                    ? " (ta:cert add-host " + UNSECURED + " ...). Nothing was stored." : ". Nothing was stored.");
        } catch (IllegalArgumentException e) {
            return "refused: " + e.getMessage() + "\n" + USAGE;
        } catch (IOException e) {
            return "failed: " + e.getMessage();
        }
    }

    private String list() {
        StringBuilder s = new StringBuilder(String.format("%-8s %-22s %-28s %-28s %-20s %-20s %s%n",
                "Category", "Id", "IssuedTo", "IssuedBy", "ValidFrom", "ValidTo", "Usage"));
        for (CertificateEntry e : unit.certificates().list()) {
            s.append(String.format("%-8s %-22s %-28s %-28s %-20s %-20s %s%n", e.category(), e.id(), e.issuedTo(), e.issuedBy(),
                    e.validFrom(), e.validTo(), e.usage().isEmpty() ? "-" : e.usage().stream().map(Enum::name).sorted()
                            .collect(Collectors.joining(","))));
        }
        return s.toString();
    }

    private String addOther(String file) throws IOException, CertificateRejectedException {
        Path path = resolve(file);
        CertificateChanges changes = changes();
        List<CertificateEntry> added = changes.upload(CertificateUpload.other(path.getFileName().toString(), read(path)));
        StringBuilder answer = new StringBuilder(CertificateChanges.uploadedMessage(CertificateCategory.Other, added) + " (ta:restart)");
        changes.warnings(added).forEach(w -> answer.append("\nwarning: ").append(w));
        return answer.toString();
    }

    private String addHost(String... args) throws IOException, CertificateRejectedException {
        boolean unsecured = false;
        Set<HostUsage> usage = Set.of(HostUsage.values());
        String keyFile = null;
        String passwordFile = null;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case UNSECURED -> unsecured = true;
                case "--usage" -> usage = CertificateUpload.usage(value(args, ++i, a));
                case "--key" -> keyFile = value(args, ++i, a);
                case "--password-file" -> passwordFile = value(args, ++i, a);
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a + " (allowed: " + UNSECURED + ", --usage, --key, --password-file)");
                    }
                    positional.add(a);
                }
            }
        }
        if (positional.isEmpty() || positional.size() > 2) {
            throw new IllegalArgumentException("add-host takes FILE and an optional PKCS#12 password, got " + positional.size() + " argument(s)");
        }
        Path certificate = resolve(positional.get(0));
        if (positional.size() == 2 && passwordFile != null) {
            throw new IllegalArgumentException("give the PKCS#12 password either as argument or with --password-file, not both");
        }
        char[] password = positional.size() == 2 ? positional.get(1).toCharArray()
                : passwordFile == null ? null : firstLine(resolve(passwordFile));
        Path key = keyFile == null ? null : resolve(keyFile);
        CertificateUpload upload = new CertificateUpload(CertificateCategory.Host, certificate.getFileName().toString(),
                read(certificate), key == null ? null : key.getFileName().toString(), key == null ? null : read(key), password, usage,
                unsecured);
        return CertificateChanges.uploadedMessage(CertificateCategory.Host, changes().upload(upload)) + " (ta:restart)";
    }

    private String delete(String id) throws IOException {
        Optional<CertificateEntry> deleted = changes().delete(id);
        return deleted.map(e -> CertificateChanges.deletedMessage(e) + " (ta:restart)")
                .orElse("no certificate with id " + id + " (ta:cert list shows them)");
    }

    private CertificateChanges changes() {
        return new CertificateChanges(unit.certificates(), unit::post);
    }

    private static char[] firstLine(Path file) throws CertificateRejectedException {
        String text = new String(read(file), java.nio.charset.StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip().toCharArray();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private Path resolve(String file) {
        return workingFolder.resolve(file).normalize();
    }

    private static byte[] read(Path file) throws CertificateRejectedException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new CertificateRejectedException(name, Rejection.UNREADABLE, file + ": larger than " + MAX_FILE
                        + " bytes; not a certificate file");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CertificateRejectedException(name, Rejection.UNREADABLE, file + ": no such file");
        } catch (IOException e) {
            throw new CertificateRejectedException(name, Rejection.UNREADABLE, file + ": cannot be read: " + e.getMessage());
        }
    }

    /** As the web upload: no certificate file comes near a megabyte. */
    private static final int MAX_FILE = 1 << 20;
}
