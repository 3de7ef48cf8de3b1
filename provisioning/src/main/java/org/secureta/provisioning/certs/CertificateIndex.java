package org.secureta.provisioning.certs;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.secureta.transport.pki.Certificates;
import org.secureta.transport.pki.IssuedCertificate;

/**
 * The certificates the store holds in memory, by id ("other-" or "host-" and the first 16 hex
 * digits of the SHA-256 fingerprint), each with the files it came from. Not thread-safe: the
 * store synchronises.
 */
final class CertificateIndex {

    private static final int ID_HEX_DIGITS = 16;

    record StoredOther(CertificateEntry entry, X509Certificate certificate, Path file) {
    }

    /** The key lives in the IssuedCertificate, whose toString hides it. */
    record StoredHost(CertificateEntry entry, IssuedCertificate material, List<Path> files) {
    }

    private final Map<String, StoredOther> others = new LinkedHashMap<>();
    private final Map<String, StoredHost> hosts = new LinkedHashMap<>();

    static String idOf(CertificateCategory category, X509Certificate certificate) {
        return category.name().toLowerCase(Locale.ROOT) + "-" + Certificates.fingerprint(certificate).substring(0, ID_HEX_DIGITS);
    }

    void clear() {
        others.clear();
        hosts.clear();
    }

    Optional<StoredOther> other(String id) {
        return Optional.ofNullable(others.get(id));
    }

    Optional<StoredHost> host(String id) {
        return Optional.ofNullable(hosts.get(id));
    }

    StoredOther addOther(X509Certificate certificate, Path file, String fileName) {
        String id = idOf(CertificateCategory.Other, certificate);
        StoredOther stored = new StoredOther(new CertificateEntry(id, CertificateCategory.Other,
                Certificates.displayName(certificate.getSubjectX500Principal()),
                Certificates.displayName(certificate.getIssuerX500Principal()),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), Set.of(), fileName), certificate, file);
        others.put(id, stored);
        return stored;
    }

    StoredHost addHost(IssuedCertificate material, Set<HostUsage> usage, List<Path> files, String fileName) {
        X509Certificate certificate = material.certificate();
        String id = idOf(CertificateCategory.Host, certificate);
        StoredHost stored = new StoredHost(new CertificateEntry(id, CertificateCategory.Host,
                Certificates.displayName(certificate.getSubjectX500Principal()),
                Certificates.displayName(certificate.getIssuerX500Principal()),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), usage, fileName), material, List.copyOf(files));
        hosts.put(id, stored);
        return stored;
    }

    Optional<StoredHost> removeHost(String id) {
        return Optional.ofNullable(hosts.remove(id));
    }

    Optional<StoredOther> removeOther(String id) {
        return Optional.ofNullable(others.remove(id));
    }

    void restoreOther(StoredOther stored) {
        others.put(stored.entry().id(), stored);
    }

    /** The "Other" certificates still stored in {@code file}. */
    List<X509Certificate> othersIn(Path file) {
        return others.values().stream().filter(s -> s.file().equals(file)).map(StoredOther::certificate).toList();
    }

    /** Host certificates then Other certificates, each sorted by IssuedTo. */
    List<CertificateEntry> entries() {
        Comparator<CertificateEntry> order = Comparator.comparing(CertificateEntry::issuedTo).thenComparing(CertificateEntry::id);
        return Stream.concat(
                hosts.values().stream().map(StoredHost::entry).sorted(order),
                others.values().stream().map(StoredOther::entry).sorted(order)).toList();
    }

    List<X509Certificate> trustAnchors() {
        return others.values().stream().map(StoredOther::certificate).toList();
    }

    /** Among the Host certificates with that usage and valid at {@code now}, the one that stays valid longest. */
    Optional<IssuedCertificate> hostCertificate(HostUsage usage, Instant now) {
        return hosts.values().stream()
                .filter(h -> h.entry().usage().contains(usage))
                .filter(h -> !now.isBefore(h.entry().validFrom()) && !now.isAfter(h.entry().validTo()))
                .max(Comparator.comparing((StoredHost h) -> h.entry().validTo()))
                .map(StoredHost::material);
    }
}
