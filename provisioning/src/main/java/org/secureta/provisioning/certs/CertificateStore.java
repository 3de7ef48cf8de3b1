package org.secureta.provisioning.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.net.ssl.X509ExtendedKeyManager;
import org.secureta.transport.pki.AtomicFiles;
import org.secureta.transport.pki.Certificates;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.KeyMaterial;
import org.secureta.transport.pki.PemFiles;
import org.secureta.transport.pki.PkiException;
import org.secureta.transport.pki.PkiMaterial;

/**
 * The unit's certificate store (Management -> Certificates): loads, adds and removes certificates,
 * keeping the folders ({@link CertificateFolders}), the admission rules ({@link AdmissionRules})
 * and the in-memory index ({@link CertificateIndex}) in step.
 *
 * <p>Files placed in the folders before start pass exactly the checks an upload passes; those that
 * fail are reported with their name and reason and not used. An upload is checked completely in
 * memory before anything is written, and files are written through a temporary file and a rename,
 * so a refused or failed upload changes nothing. The store's clock is the unit's (NTP) time:
 * expired and not-yet-valid certificates are refused. CRLs placed in {@code certs/crl/} are read
 * at load and handed to the certificate checker ({@link RevocationLists}).
 */
public final class CertificateStore {

    private final CertificateFolders folders;
    private final AdmissionRules rules;
    private final Clock clock;
    private final CertificateIndex index = new CertificateIndex();
    private List<X509CRL> crls = List.of();

    public CertificateStore(Path home, Clock clock) {
        this.folders = new CertificateFolders(home);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rules = new AdmissionRules(clock);
    }

    public Path otherFolder() {
        return folders.other();
    }

    public Path hostFolder() {
        return folders.host();
    }

    /** {@code certs/crl/}: revocation lists placed here are used from the next load on. */
    public Path crlFolder() {
        return folders.crl();
    }

    // ------------------------------------------------------------------ start

    /** Reads the folders, replacing what the store held. Invalid files are reported and skipped. */
    public synchronized LoadReport load() throws IOException {
        index.clear();
        folders.create();
        List<LoadReport.Problem> problems = new ArrayList<>();
        for (Path file : CertificateFolders.visibleFiles(folders.other())) {
            String name = file.getFileName().toString();
            try {
                for (X509Certificate certificate : rules.other(CertificateFolders.read(file), name)) {
                    Optional<CertificateIndex.StoredOther> known = index.other(CertificateIndex.idOf(CertificateCategory.Other, certificate));
                    if (known.isPresent()) {
                        problems.add(new LoadReport.Problem(name, Rejection.DUPLICATE,
                                name + ": " + Certificates.subject(certificate) + " is already loaded from " + known.get().entry().fileName()));
                    } else {
                        index.addOther(certificate, file, name);
                    }
                }
            } catch (CertificateRejectedException e) {
                problems.add(new LoadReport.Problem(name, e.reason(), e.getMessage()));
            }
        }
        Map<String, Map<String, Path>> groups = new TreeMap<>();
        for (Path file : CertificateFolders.visibleFiles(folders.host())) {
            String name = file.getFileName().toString();
            groups.computeIfAbsent(CertificateFolders.baseName(name), b -> new TreeMap<>()).put(name, file);
        }
        for (Map.Entry<String, Map<String, Path>> group : groups.entrySet()) {
            try {
                loadHostGroup(group.getKey(), group.getValue());
            } catch (CertificateRejectedException e) {
                problems.add(new LoadReport.Problem(e.fileName(), e.reason(), e.getMessage()));
            }
        }
        crls = List.copyOf(RevocationLists.load(folders.crl(), problems));
        return new LoadReport(list(), problems);
    }

    private void loadHostGroup(String base, Map<String, Path> files) throws CertificateRejectedException {
        List<Path> certificateFiles = new ArrayList<>();
        Path keyFile = null;
        Path usageFile = null;
        for (Path file : files.values()) {
            String extension = CertificateFolders.extension(file.getFileName().toString());
            if (CertificateFolders.PKCS12_EXTENSIONS.contains(extension)) {
                throw new CertificateRejectedException(file.getFileName().toString(), Rejection.UNSUPPORTED,
                        file.getFileName() + ": a PKCS#12 file cannot be opened at start, since its password is not stored;"
                                + " upload it with its password, or place PEM certificate and key files instead");
            } else if (CertificateFolders.KEY_EXTENSIONS.contains(extension)) {
                keyFile = file;
            } else if (CertificateFolders.USAGE_EXTENSION.equals(extension)) {
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
        parts.add(AdmissionRules.parse(CertificateFolders.read(certificateFile), shownName, null));
        if (keyFile != null) {
            parts.add(AdmissionRules.parse(CertificateFolders.read(keyFile), keyFile.getFileName().toString(), null));
        }
        Set<HostUsage> usage = usageFile == null ? EnumSet.allOf(HostUsage.class) : CertificateFolders.readUsage(usageFile);
        IssuedCertificate material = rules.host(parts, shownName, usage);
        Optional<CertificateIndex.StoredHost> known = index.host(CertificateIndex.idOf(CertificateCategory.Host, material.certificate()));
        if (known.isPresent()) {
            throw new CertificateRejectedException(shownName, Rejection.DUPLICATE,
                    shownName + ": " + material.subject() + " is already loaded from " + known.get().entry().fileName());
        }
        CertificateFolders.ownerOnly(keyFile != null ? keyFile : certificateFile);
        index.addHost(material, usage, new ArrayList<>(files.values()), shownName);
    }

    // ------------------------------------------------------------------ uploads

    /**
     * Adds trusted CA certificates ("Other"). A file with several certificates must be root
     * first; certificates already in the store are skipped, and a file adding nothing new is refused.
     *
     * @return the entries added
     */
    public synchronized List<CertificateEntry> addOther(byte[] content, String fileName) throws CertificateRejectedException {
        List<X509Certificate> certificates = rules.other(content, fileName);
        List<X509Certificate> fresh = certificates.stream()
                .filter(c -> index.other(CertificateIndex.idOf(CertificateCategory.Other, c)).isEmpty())
                .toList();
        if (fresh.isEmpty()) {
            throw new CertificateRejectedException(fileName, Rejection.DUPLICATE,
                    fileName + ": " + (certificates.size() == 1 ? Certificates.subject(certificates.get(0)) + " is" : "all its certificates are")
                            + " already installed");
        }
        List<Path> written = new ArrayList<>();
        try {
            for (X509Certificate certificate : fresh) {
                Path file = folders.otherFile(CertificateIndex.idOf(CertificateCategory.Other, certificate));
                PemFiles.writeCertificate(file, certificate);
                written.add(file);
            }
        } catch (PkiException e) {
            CertificateFolders.deleteQuietly(written);
            throw new CertificateRejectedException(fileName, Rejection.STORAGE_FAILED, fileName + ": could not be stored: " + e.getMessage());
        }
        List<CertificateEntry> added = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            added.add(index.addOther(fresh.get(i), written.get(i), written.get(i).getFileName().toString()).entry());
        }
        return added;
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
        AdmissionRules.requireUnsecuredTransfer(fileName, unsecuredTransferActivated);
        return storeHost(rules.host(List.of(AdmissionRules.parse(content, fileName, password)), fileName, usage), fileName, usage);
    }

    /** Adds the unit's own certificate from a certificate (and chain) file and a separate key file. */
    public synchronized CertificateEntry addHost(byte[] certificateFile, String certificateName, byte[] keyFile, String keyName,
                                                 Set<HostUsage> usage, boolean unsecuredTransferActivated) throws CertificateRejectedException {
        AdmissionRules.requireUnsecuredTransfer(keyName, unsecuredTransferActivated);
        List<PkiMaterial> parts = List.of(AdmissionRules.parse(certificateFile, certificateName, null), AdmissionRules.parse(keyFile, keyName, null));
        return storeHost(rules.host(parts, certificateName, usage), certificateName, usage);
    }

    private CertificateEntry storeHost(IssuedCertificate material, String fileName, Set<HostUsage> usage) throws CertificateRejectedException {
        String id = CertificateIndex.idOf(CertificateCategory.Host, material.certificate());
        if (index.host(id).isPresent()) {
            throw new CertificateRejectedException(fileName, Rejection.DUPLICATE, fileName + ": " + material.subject() + " is already installed");
        }
        Path keyFile = folders.hostKeyFile(id);
        Path usageFile = folders.hostUsageFile(id);
        Path certificateFile = folders.hostCertificateFile(id);
        List<Path> written = new ArrayList<>();
        try {
            // Key and usage first, certificate last: a file set cut short by a crash has no
            // certificate, so the next start reports it instead of using half of it.
            PemFiles.writePrivateKey(keyFile, material.privateKey());
            written.add(keyFile);
            AtomicFiles.writePublic(usageFile, CertificateFolders.usageFileContent(usage));
            written.add(usageFile);
            PemFiles.writeCertificates(certificateFile, material.chain());
            written.add(certificateFile);
        } catch (PkiException e) {
            CertificateFolders.deleteQuietly(written);
            throw new CertificateRejectedException(fileName, Rejection.STORAGE_FAILED, fileName + ": could not be stored: " + e.getMessage());
        }
        return index.addHost(material, usage, List.of(certificateFile, keyFile, usageFile), certificateFile.getFileName().toString()).entry();
    }

    // ------------------------------------------------------------------ listing and removal

    /**
     * What is installed, as one value that changes whenever a certificate is added or deleted or
     * the CRLs change: the unit compares it with what its TLS transport was started with to know
     * that the transport waits for Scm.RestartRequiredServices.
     */
    public synchronized String fingerprint() {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (CertificateEntry entry : index.entries()) {
            digest.update((entry.category() + ":" + entry.id() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        for (X509CRL crl : crls) {
            digest.update(("crl:" + crl.getIssuerX500Principal().getName() + ":" + crl.getThisUpdate().getTime() + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    /** Host certificates then Other certificates, each sorted by IssuedTo. No private key is reachable from here. */
    public synchronized List<CertificateEntry> list() {
        return index.entries();
    }

    /**
     * Removes a certificate by id; a Host certificate's key and usage files go with it. A CA that
     * shares its file with others is removed by rewriting that file without it.
     *
     * @return false if no certificate has that id
     */
    public synchronized boolean delete(String id) throws IOException {
        Optional<CertificateIndex.StoredHost> host = index.removeHost(id);
        if (host.isPresent()) {
            for (Path file : host.get().files()) {
                Files.deleteIfExists(file);
            }
            return true;
        }
        Optional<CertificateIndex.StoredOther> other = index.removeOther(id);
        if (other.isEmpty()) {
            return false;
        }
        List<X509Certificate> remaining = index.othersIn(other.get().file());
        if (remaining.isEmpty()) {
            Files.deleteIfExists(other.get().file());
        } else {
            try {
                PemFiles.writeCertificates(other.get().file(), remaining);
            } catch (PkiException e) {
                index.restoreOther(other.get());
                throw new IOException(e.getMessage(), e);
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ for the transport

    /** The trusted (Other) certificate with this id. */
    public synchronized Optional<X509Certificate> otherCertificate(String id) {
        return index.other(id).map(CertificateIndex.StoredOther::certificate);
    }

    /** The "Other" CAs: the trust anchors of {@code CertificateChecker}. */
    public synchronized List<X509Certificate> trustAnchors() {
        return index.trustAnchors();
    }

    /** The CRLs of {@code certs/crl/} as of the last load: the checker refuses a certificate they revoke. */
    public synchronized List<X509CRL> crls() {
        return crls;
    }

    public KeyStore trustStore() throws PkiException {
        return KeyMaterial.trustStore(trustAnchors());
    }

    /**
     * The Host certificate (key and chain) for a TLS role: among those with that usage and valid
     * now by the unit's clock, the one that stays valid longest.
     */
    public synchronized Optional<IssuedCertificate> hostCertificate(HostUsage usage) {
        return index.hostCertificate(usage, clock.instant());
    }

    public Optional<X509ExtendedKeyManager> keyManager(HostUsage usage) {
        return hostCertificate(usage).map(KeyMaterial::keyManager);
    }
}
