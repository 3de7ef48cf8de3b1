package org.secureta.provisioning.certs;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.net.ssl.X509ExtendedKeyManager;
import org.secureta.transport.pki.AtomicFiles;
import org.secureta.transport.pki.Certificates;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.KeyMaterial;
import org.secureta.transport.pki.PemFiles;
import org.secureta.transport.pki.PkiException;
import org.secureta.transport.pki.PkiMaterial;

/**
 * The unit's certificate store (Management -> Certificates) over a home folder:
 * <ul>
 * <li>{@code certs/other/}: trusted CA certificates ("Other"), X.509 in PEM or DER; a file may
 * hold several, root first; each must be a CA (basicConstraints CA:true);</li>
 * <li>{@code certs/host/}: the unit's own certificates ("Host") with their private keys: PEM
 * certificate and key in one file or in two files of the same base name ({@code x.crt} +
 * {@code x.key}), the usage in {@code x.properties} ({@code usage=TlsClient,TlsServer}; both when
 * absent). Key files are owner read/write only.</li>
 * </ul>
 * Files placed in the folders before start pass exactly the checks an upload passes; those that
 * fail are reported with their name and reason and not used. An upload is checked completely in
 * memory before anything is written, and files are written through a temporary file and a rename,
 * so a refused or failed upload changes nothing. The store's clock is the unit's (NTP) time:
 * expired and not-yet-valid certificates are refused.
 */
public final class CertificateStore {

    private static final Set<String> KEY_EXTENSIONS = Set.of("key");
    private static final Set<String> PKCS12_EXTENSIONS = Set.of("p12", "pfx");
    private static final String USAGE_EXTENSION = "properties";
    private static final String USAGE_PROPERTY = "usage";
    private static final int ID_HEX_DIGITS = 16;

    private final Path otherFolder;
    private final Path hostFolder;
    private final Clock clock;
    private final Map<String, StoredOther> others = new LinkedHashMap<>();
    private final Map<String, StoredHost> hosts = new LinkedHashMap<>();

    private record StoredOther(CertificateEntry entry, X509Certificate certificate, Path file) {
    }

    /** The key lives in the IssuedCertificate, whose toString hides it. */
    private record StoredHost(CertificateEntry entry, IssuedCertificate material, List<Path> files) {
    }

    public CertificateStore(Path home, Clock clock) {
        Path certs = home.resolve("certs");
        this.otherFolder = certs.resolve("other");
        this.hostFolder = certs.resolve("host");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path otherFolder() {
        return otherFolder;
    }

    public Path hostFolder() {
        return hostFolder;
    }

    // ------------------------------------------------------------------ start

    /** Reads both folders, replacing what the store held. Invalid files are reported and skipped. */
    public synchronized LoadReport load() throws IOException {
        others.clear();
        hosts.clear();
        Files.createDirectories(otherFolder);
        Files.createDirectories(hostFolder);
        List<LoadReport.Problem> problems = new ArrayList<>();
        for (Path file : visibleFiles(otherFolder)) {
            String name = file.getFileName().toString();
            try {
                List<X509Certificate> certificates = validateOther(read(file), name);
                for (X509Certificate certificate : certificates) {
                    String id = idOf(CertificateCategory.Other, certificate);
                    if (others.containsKey(id)) {
                        problems.add(new LoadReport.Problem(name, Rejection.DUPLICATE,
                                name + ": " + Certificates.subject(certificate) + " is already loaded from " + others.get(id).entry().fileName()));
                    } else {
                        others.put(id, new StoredOther(otherEntry(id, certificate, name), certificate, file));
                    }
                }
            } catch (CertificateRejectedException e) {
                problems.add(new LoadReport.Problem(name, e.reason(), e.getMessage()));
            }
        }
        Map<String, Map<String, Path>> groups = new TreeMap<>();
        for (Path file : visibleFiles(hostFolder)) {
            String name = file.getFileName().toString();
            groups.computeIfAbsent(baseName(name), b -> new TreeMap<>()).put(name, file);
        }
        for (Map.Entry<String, Map<String, Path>> group : groups.entrySet()) {
            try {
                loadHostGroup(group.getKey(), group.getValue());
            } catch (CertificateRejectedException e) {
                problems.add(new LoadReport.Problem(e.fileName(), e.reason(), e.getMessage()));
            }
        }
        return new LoadReport(list(), problems);
    }

    private void loadHostGroup(String base, Map<String, Path> files) throws CertificateRejectedException {
        List<Path> certificateFiles = new ArrayList<>();
        Path keyFile = null;
        Path usageFile = null;
        for (Path file : files.values()) {
            String extension = extension(file.getFileName().toString());
            if (PKCS12_EXTENSIONS.contains(extension)) {
                throw new CertificateRejectedException(file.getFileName().toString(), Rejection.UNSUPPORTED,
                        file.getFileName() + ": a PKCS#12 file cannot be opened at start, since its password is not stored;"
                                + " upload it with its password, or place PEM certificate and key files instead");
            } else if (KEY_EXTENSIONS.contains(extension)) {
                keyFile = file;
            } else if (USAGE_EXTENSION.equals(extension)) {
                usageFile = file;
            } else {
                certificateFiles.add(file);
            }
        }
        String shownName = certificateFiles.isEmpty()
                ? files.keySet().iterator().next()
                : certificateFiles.get(0).getFileName().toString();
        if (certificateFiles.isEmpty()) {
            throw new CertificateRejectedException(shownName, Rejection.MISSING_CERTIFICATE,
                    shownName + ": no certificate file named " + base + ".pem/.crt/.cer/.der goes with it");
        }
        if (certificateFiles.size() > 1) {
            throw new CertificateRejectedException(shownName, Rejection.UNSUPPORTED,
                    shownName + ": several certificate files share the name " + base + "; which one is meant is unclear");
        }
        Path certificateFile = certificateFiles.get(0);
        List<PkiMaterial> parts = new ArrayList<>();
        parts.add(parse(read(certificateFile), shownName, null));
        if (keyFile != null) {
            parts.add(parse(read(keyFile), keyFile.getFileName().toString(), null));
        }
        Set<HostUsage> usage = usageFile == null ? EnumSet.allOf(HostUsage.class) : readUsage(usageFile);
        IssuedCertificate material = validateHost(parts, shownName, usage);
        String id = idOf(CertificateCategory.Host, material.certificate());
        if (hosts.containsKey(id)) {
            throw new CertificateRejectedException(shownName, Rejection.DUPLICATE,
                    shownName + ": " + material.subject() + " is already loaded from " + hosts.get(id).entry().fileName());
        }
        // Whoever placed the key may have left it readable by others: the unit never does.
        Path keyHolder = keyFile != null ? keyFile : certificateFile;
        ownerOnly(keyHolder);
        List<Path> stored = new ArrayList<>(files.values());
        hosts.put(id, new StoredHost(hostEntry(id, material, usage, shownName), material, stored));
    }

    // ------------------------------------------------------------------ uploads

    /**
     * Adds trusted CA certificates ("Other"). A file with several certificates must be root
     * first; certificates already in the store are skipped, and a file adding nothing new is refused.
     *
     * @return the entries added
     */
    public synchronized List<CertificateEntry> addOther(byte[] content, String fileName) throws CertificateRejectedException {
        List<X509Certificate> certificates = validateOther(content, fileName);
        List<X509Certificate> fresh = certificates.stream()
                .filter(c -> !others.containsKey(idOf(CertificateCategory.Other, c)))
                .toList();
        if (fresh.isEmpty()) {
            throw new CertificateRejectedException(fileName, Rejection.DUPLICATE,
                    fileName + ": " + (certificates.size() == 1 ? Certificates.subject(certificates.get(0)) + " is" : "all its certificates are")
                            + " already installed");
        }
        List<Path> written = new ArrayList<>();
        List<StoredOther> added = new ArrayList<>();
        try {
            for (X509Certificate certificate : fresh) {
                String id = idOf(CertificateCategory.Other, certificate);
                Path file = otherFolder.resolve(id + ".pem");
                PemFiles.writeCertificate(file, certificate);
                written.add(file);
                added.add(new StoredOther(otherEntry(id, certificate, file.getFileName().toString()), certificate, file));
            }
        } catch (PkiException e) {
            deleteQuietly(written);
            throw new CertificateRejectedException(fileName, Rejection.STORAGE_FAILED, fileName + ": could not be stored: " + e.getMessage());
        }
        added.forEach(s -> others.put(s.entry().id(), s));
        return added.stream().map(StoredOther::entry).toList();
    }

    /**
     * Adds the unit's own certificate from one file: PEM holding certificate (and chain) and key,
     * or PKCS#12 with its password.
     *
     * @param unsecuredTransferActivated "Activate unsecured certificate transfer" (guide 2.3):
     *                                   without it an upload carrying a private key is refused
     */
    public synchronized CertificateEntry addHost(byte[] content, String fileName, char[] password, Set<HostUsage> usage,
                                                 boolean unsecuredTransferActivated) throws CertificateRejectedException {
        requireUnsecuredTransfer(fileName, unsecuredTransferActivated);
        return storeHost(validateHost(List.of(parse(content, fileName, password)), fileName, usage), fileName, usage);
    }

    /** Adds the unit's own certificate from a certificate (and chain) file and a separate key file. */
    public synchronized CertificateEntry addHost(byte[] certificateFile, String certificateName, byte[] keyFile, String keyName,
                                                 Set<HostUsage> usage, boolean unsecuredTransferActivated) throws CertificateRejectedException {
        requireUnsecuredTransfer(keyName, unsecuredTransferActivated);
        List<PkiMaterial> parts = List.of(parse(certificateFile, certificateName, null), parse(keyFile, keyName, null));
        return storeHost(validateHost(parts, certificateName, usage), certificateName, usage);
    }

    private CertificateEntry storeHost(IssuedCertificate material, String fileName, Set<HostUsage> usage) throws CertificateRejectedException {
        String id = idOf(CertificateCategory.Host, material.certificate());
        if (hosts.containsKey(id)) {
            throw new CertificateRejectedException(fileName, Rejection.DUPLICATE, fileName + ": " + material.subject() + " is already installed");
        }
        Path keyFile = hostFolder.resolve(id + ".key");
        Path usageFile = hostFolder.resolve(id + "." + USAGE_EXTENSION);
        Path certificateFile = hostFolder.resolve(id + ".crt");
        List<Path> written = new ArrayList<>();
        try {
            // Key and usage first, certificate last: a file set cut short by a crash has no
            // certificate, so the next start reports it instead of using half of it.
            PemFiles.writePrivateKey(keyFile, material.privateKey());
            written.add(keyFile);
            AtomicFiles.writePublic(usageFile, (USAGE_PROPERTY + "=" + HostUsage.formatList(usage) + "\n").getBytes(StandardCharsets.ISO_8859_1));
            written.add(usageFile);
            PemFiles.writeCertificates(certificateFile, material.chain());
            written.add(certificateFile);
        } catch (PkiException e) {
            deleteQuietly(written);
            throw new CertificateRejectedException(fileName, Rejection.STORAGE_FAILED, fileName + ": could not be stored: " + e.getMessage());
        }
        CertificateEntry entry = hostEntry(id, material, usage, certificateFile.getFileName().toString());
        hosts.put(id, new StoredHost(entry, material, List.of(certificateFile, keyFile, usageFile)));
        return entry;
    }

    // ------------------------------------------------------------------ listing and removal

    /** Host certificates then Other certificates, each sorted by IssuedTo. No private key is reachable from here. */
    public synchronized List<CertificateEntry> list() {
        Comparator<CertificateEntry> order = Comparator.comparing(CertificateEntry::issuedTo).thenComparing(CertificateEntry::id);
        return Stream.concat(
                hosts.values().stream().map(StoredHost::entry).sorted(order),
                others.values().stream().map(StoredOther::entry).sorted(order)).toList();
    }

    /**
     * Removes a certificate by id; a Host certificate's key and usage files go with it. A CA that
     * shares its file with others is removed by rewriting that file without it.
     *
     * @return false if no certificate has that id
     */
    public synchronized boolean delete(String id) throws IOException {
        StoredHost host = hosts.remove(id);
        if (host != null) {
            for (Path file : host.files()) {
                Files.deleteIfExists(file);
            }
            return true;
        }
        StoredOther other = others.remove(id);
        if (other == null) {
            return false;
        }
        List<X509Certificate> remaining = others.values().stream()
                .filter(s -> s.file().equals(other.file()))
                .map(StoredOther::certificate)
                .toList();
        if (remaining.isEmpty()) {
            Files.deleteIfExists(other.file());
        } else {
            try {
                PemFiles.writeCertificates(other.file(), remaining);
            } catch (PkiException e) {
                others.put(id, other);
                throw new IOException(e.getMessage(), e);
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ for the transport

    /** The "Other" CAs: the trust anchors of {@code CertificateChecker}. */
    /** The trusted (Other) certificate with this id. */
    public synchronized Optional<X509Certificate> otherCertificate(String id) {
        return Optional.ofNullable(others.get(id)).map(StoredOther::certificate);
    }

    public synchronized List<X509Certificate> trustAnchors() {
        return others.values().stream().map(StoredOther::certificate).toList();
    }

    public KeyStore trustStore() throws PkiException {
        return KeyMaterial.trustStore(trustAnchors());
    }

    /**
     * The Host certificate (key and chain) for a TLS role: among those with that usage and valid
     * now by the unit's clock, the one that stays valid longest.
     */
    public synchronized Optional<IssuedCertificate> hostCertificate(HostUsage usage) {
        Instant now = clock.instant();
        return hosts.values().stream()
                .filter(h -> h.entry().usage().contains(usage))
                .filter(h -> !now.isBefore(h.entry().validFrom()) && !now.isAfter(h.entry().validTo()))
                .max(Comparator.comparing((StoredHost h) -> h.entry().validTo()))
                .map(StoredHost::material);
    }

    public Optional<X509ExtendedKeyManager> keyManager(HostUsage usage) {
        return hostCertificate(usage).map(KeyMaterial::keyManager);
    }

    // ------------------------------------------------------------------ rules

    private List<X509Certificate> validateOther(byte[] content, String fileName) throws CertificateRejectedException {
        PkiMaterial material = parse(content, fileName, null);
        if (material.hasPrivateKey()) {
            throw new CertificateRejectedException(fileName, Rejection.PRIVATE_KEY_NOT_ALLOWED, fileName
                    + ": holds a private key; an Other certificate is a CA certificate and never comes with its key."
                    + " The key was not stored; if it is a real key, consider it exposed");
        }
        List<X509Certificate> certificates = material.certificates();
        if (certificates.isEmpty()) {
            throw new CertificateRejectedException(fileName, Rejection.MISSING_CERTIFICATE, fileName + ": holds no certificate");
        }
        for (X509Certificate certificate : certificates) {
            if (!Certificates.isCertificateAuthority(certificate)) {
                throw new CertificateRejectedException(fileName, Rejection.CA_FLAG_MISSING, fileName + ": " + Certificates.subject(certificate)
                        + " is not a CA certificate (CA flag missing: an Other certificate needs basicConstraints CA:true)");
            }
        }
        requireRootFirst(certificates, fileName);
        requireValidNow(certificates, fileName);
        return certificates;
    }

    /** Root first: no certificate may come before the certificate that issued it. */
    private static void requireRootFirst(List<X509Certificate> certificates, String fileName) throws CertificateRejectedException {
        for (int i = 0; i < certificates.size(); i++) {
            X509Certificate certificate = certificates.get(i);
            if (Certificates.isSelfIssued(certificate)) {
                continue;
            }
            for (int j = i + 1; j < certificates.size(); j++) {
                if (Certificates.isSignedBy(certificate, certificates.get(j))) {
                    throw new CertificateRejectedException(fileName, Rejection.CHAIN_ORDER, fileName + ": the chain must be root first, but "
                            + Certificates.subject(certificate) + " (certificate " + (i + 1) + ") comes before its issuer "
                            + Certificates.subject(certificates.get(j)) + " (certificate " + (j + 1) + ")");
                }
            }
        }
    }

    private IssuedCertificate validateHost(List<PkiMaterial> parts, String fileName, Set<HostUsage> usage) throws CertificateRejectedException {
        List<X509Certificate> certificates = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        for (PkiMaterial part : parts) {
            certificates.addAll(part.certificates());
            part.privateKey().ifPresent(keys::add);
        }
        if (certificates.isEmpty()) {
            throw new CertificateRejectedException(fileName, Rejection.MISSING_CERTIFICATE, fileName + ": holds no certificate");
        }
        if (keys.isEmpty()) {
            throw new CertificateRejectedException(fileName, Rejection.MISSING_PRIVATE_KEY,
                    fileName + ": a Host certificate needs its private key (in the same PEM file, a separate key file, or PKCS#12)");
        }
        if (keys.size() > 1) {
            throw new CertificateRejectedException(fileName, Rejection.UNSUPPORTED, fileName + ": more than one private key was given");
        }
        IssuedCertificate material;
        try {
            material = IssuedCertificate.assemble(fileName, certificates, keys.get(0));
        } catch (PkiException e) {
            throw rejected(e, fileName);
        }
        requireValidNow(material.chain(), fileName);
        if (usage == null || usage.isEmpty()) {
            throw new CertificateRejectedException(fileName, Rejection.NO_USAGE, fileName + ": choose at least one usage (TlsClient, TlsServer)");
        }
        return material;
    }

    private void requireValidNow(List<X509Certificate> certificates, String fileName) throws CertificateRejectedException {
        Instant now = clock.instant();
        for (X509Certificate certificate : certificates) {
            Instant notBefore = certificate.getNotBefore().toInstant();
            Instant notAfter = certificate.getNotAfter().toInstant();
            if (now.isAfter(notAfter)) {
                throw new CertificateRejectedException(fileName, Rejection.EXPIRED, fileName + ": " + Certificates.subject(certificate)
                        + " expired on " + notAfter + " (unit time " + now + "; check the NTP settings if this is unexpected)");
            }
            if (now.isBefore(notBefore)) {
                throw new CertificateRejectedException(fileName, Rejection.NOT_YET_VALID, fileName + ": " + Certificates.subject(certificate)
                        + " is not valid before " + notBefore + " (unit time " + now + "; check the NTP settings if this is unexpected)");
            }
        }
    }

    private static void requireUnsecuredTransfer(String fileName, boolean activated) throws CertificateRejectedException {
        if (!activated) {
            throw new CertificateRejectedException(fileName, Rejection.UNSECURED_TRANSFER_REQUIRED, fileName
                    + ": a Host certificate upload carries its private key, which would travel in clear text and could be"
                    + " intercepted. Activate unsecured certificate transfer to allow it (guide section 2.3), preferably"
                    + " from a PC connected directly to the unit");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static PkiMaterial parse(byte[] content, String fileName, char[] password) throws CertificateRejectedException {
        try {
            return PemFiles.parse(content, fileName, password);
        } catch (PkiException e) {
            throw rejected(e, fileName);
        }
    }

    private static CertificateRejectedException rejected(PkiException e, String fileName) {
        Rejection reason = switch (e.problem()) {
            case UNREADABLE -> Rejection.UNREADABLE;
            case NOT_A_CERTIFICATE -> Rejection.NOT_A_CERTIFICATE;
            case TRUNCATED_PEM -> Rejection.TRUNCATED_PEM;
            case CORRUPT -> Rejection.CORRUPT;
            case WRONG_PASSWORD -> Rejection.WRONG_PASSWORD;
            case KEY_MISMATCH -> Rejection.KEY_MISMATCH;
            case MISSING_CONTENT -> Rejection.MISSING_CERTIFICATE;
            case UNSUPPORTED -> Rejection.UNSUPPORTED;
            case GENERATION_FAILED, WRITE_FAILED -> Rejection.STORAGE_FAILED;
        };
        return new CertificateRejectedException(fileName, reason, e.getMessage());
    }

    private static byte[] read(Path file) throws CertificateRejectedException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            String name = file.getFileName().toString();
            throw new CertificateRejectedException(name, Rejection.UNREADABLE, name + ": cannot be read: " + e);
        }
    }

    private static Set<HostUsage> readUsage(Path file) throws CertificateRejectedException {
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

    private static void ownerOnly(Path file) {
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, AtomicFiles.OWNER_ONLY);
            }
        } catch (IOException e) {
            // Not ours to fix (e.g. another owner); the key is still used, as the file was placed deliberately.
        }
    }

    private static List<Path> visibleFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            // Hidden files include the temporaries of AtomicFiles; they are never certificates.
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(dot + 1).toLowerCase(java.util.Locale.ROOT) : "";
    }

    private static void deleteQuietly(List<Path> files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // The upload already failed; the leftover has no certificate file, so the next load reports it.
            }
        }
    }

    private static String idOf(CertificateCategory category, X509Certificate certificate) {
        return category.name().toLowerCase(java.util.Locale.ROOT) + "-" + Certificates.fingerprint(certificate).substring(0, ID_HEX_DIGITS);
    }

    private static CertificateEntry otherEntry(String id, X509Certificate certificate, String fileName) {
        return new CertificateEntry(id, CertificateCategory.Other,
                Certificates.displayName(certificate.getSubjectX500Principal()),
                Certificates.displayName(certificate.getIssuerX500Principal()),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), Set.of(), fileName);
    }

    private static CertificateEntry hostEntry(String id, IssuedCertificate material, Set<HostUsage> usage, String fileName) {
        X509Certificate certificate = material.certificate();
        return new CertificateEntry(id, CertificateCategory.Host,
                Certificates.displayName(certificate.getSubjectX500Principal()),
                Certificates.displayName(certificate.getIssuerX500Principal()),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), usage, fileName);
    }
}
