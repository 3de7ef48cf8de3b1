package org.secureta.provisioning.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.secureta.transport.pki.Certificates;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.PemFiles;
import org.secureta.transport.pki.PkiException;
import org.secureta.transport.pki.PkiMaterial;

/**
 * What the store admits, the same for an upload and for a file found at start: an "Other" file
 * holds CA certificates only (basicConstraints CA:true), root first, no private key; a "Host"
 * upload holds one certificate with its matching key and at least one usage; everything is valid
 * now by the unit's (NTP) clock; a private key travels only with "Activate unsecured certificate
 * transfer" (guide 2.3).
 */
final class AdmissionRules {

    private final Clock clock;

    AdmissionRules(Clock clock) {
        this.clock = clock;
    }

    List<X509Certificate> other(byte[] content, String fileName) throws CertificateRejectedException {
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

    IssuedCertificate host(List<PkiMaterial> parts, String fileName, Set<HostUsage> usage) throws CertificateRejectedException {
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

    static void requireUnsecuredTransfer(String fileName, boolean activated) throws CertificateRejectedException {
        if (!activated) {
            throw new CertificateRejectedException(fileName, Rejection.UNSECURED_TRANSFER_REQUIRED, fileName
                    + ": a Host certificate upload carries its private key, which would travel in clear text and could be"
                    + " intercepted. Activate unsecured certificate transfer to allow it (guide section 2.3), preferably"
                    + " from a PC connected directly to the unit");
        }
    }

    static PkiMaterial parse(byte[] content, String fileName, char[] password) throws CertificateRejectedException {
        try {
            return PemFiles.parse(content, fileName, password);
        } catch (PkiException e) {
            throw rejected(e, fileName);
        }
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
}
