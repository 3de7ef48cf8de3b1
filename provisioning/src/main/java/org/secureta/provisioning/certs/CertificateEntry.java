package org.secureta.provisioning.certs;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One row of Cert.HostCertificatesInfo or Cert.OthersCertificatesInfo. It describes a certificate;
 * it never holds or points at a private key.
 *
 * @param id        stable identity: category and the start of the SHA-256 fingerprint
 * @param issuedTo  subject CN (or the whole subject name when there is no CN)
 * @param issuedBy  issuer CN (or the whole issuer name)
 * @param usage     TlsClient/TlsServer for Host certificates, empty for Other certificates
 * @param fileName  the file the certificate is stored in, inside its category folder
 */
public record CertificateEntry(String id, CertificateCategory category, String issuedTo, String issuedBy,
                               Instant validFrom, Instant validTo, Set<HostUsage> usage, String fileName) {

    public CertificateEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        usage = Set.copyOf(usage);
    }
}
