package org.secureta.transport.pki;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.Extension;

/**
 * RFC 5280 section 6 path validation of one candidate path by the JDK's PKIX CertPathValidator:
 * signatures, validity dates at the unit's time, basicConstraints and pathLenConstraint, keyCertSign
 * of issuers, name constraints, policies, unknown critical extensions and, when the unit holds
 * CRLs, revocation of the leaf (6.3). Its refusals are translated into the unit's reason codes.
 */
final class PkixValidator {

    private final List<X509CRL> crls;

    PkixValidator(List<X509CRL> crls) {
        this.crls = crls;
    }

    Optional<CheckResult> validate(CandidatePath path, Instant now) {
        if (path.leafIsAnchor()) {
            return Optional.empty();                   // a pinned certificate: nothing to chain
        }
        CertPath certPath;
        PKIXParameters parameters;
        try {
            certPath = CertificateFactory.getInstance("X.509").generateCertPath(pathFor(path));
            parameters = new PKIXParameters(Set.of(new TrustAnchor(path.anchor(), null)));
            parameters.setDate(Date.from(now));
            parameters.setRevocationEnabled(false);
            if (!crls.isEmpty()) {
                List<Object> store = new ArrayList<>(crls);
                store.addAll(path.certificates());
                parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
                parameters.addCertPathChecker(leafRevocationChecker());
            }
        } catch (GeneralSecurityException e) {
            return Optional.of(CheckResult.failed(CertificateFailure.UNKNOWN_CA, "chain check: cannot validate the chain of "
                    + Certificates.subject(path.leaf()) + ": " + e.getMessage()));
        }
        try {
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            return Optional.of(translate(e, path, now));
        } catch (InvalidAlgorithmParameterException | java.security.NoSuchAlgorithmException e) {
            return Optional.of(CheckResult.failed(CertificateFailure.UNKNOWN_CA, "chain check: " + e.getMessage()));
        }
    }

    /**
     * RFC 5280 6.1.1 (d) leaves the anchor's own constraints to the implementation, and the JDK
     * refuses a TrustAnchor with name constraints. The unit applies them, as OpenSSL does, so that
     * a name-constrained private root in the store cannot vouch for names outside its subtrees:
     * such an anchor also heads the path as a self-issued CA certificate, which the validator
     * processes like any issuer (its nameConstraints then bind every certificate below; being
     * self-issued it does not count against a pathLenConstraint, 6.1.4 (l)).
     */
    private static List<X509Certificate> pathFor(CandidatePath path) {
        List<X509Certificate> certificates = new ArrayList<>(path.certificates());
        if (path.anchor().getExtensionValue(Extension.nameConstraints.getId()) != null) {
            certificates.add(path.anchor());
        }
        return certificates;
    }

    /**
     * CRLs only, from the unit's folder, for the server's (or client's) own certificate, as
     * {@code openssl verify -crl_check}. SOFT_FAIL: a leaf whose issuer has no CRL in the folder is
     * not refused, so CRLs for one CA do not cut the unit off every other CA's servers.
     */
    private static PKIXRevocationChecker leafRevocationChecker() throws GeneralSecurityException {
        PKIXRevocationChecker checker = (PKIXRevocationChecker) CertPathValidator.getInstance("PKIX").getRevocationChecker();
        checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK,
                PKIXRevocationChecker.Option.ONLY_END_ENTITY, PKIXRevocationChecker.Option.SOFT_FAIL));
        return checker;
    }

    private static CheckResult translate(CertPathValidatorException e, CandidatePath path, Instant now) {
        List<X509Certificate> certificates = new ArrayList<>(path.certificates());
        certificates.add(path.anchor());
        int index = e.getIndex() >= 0 && e.getIndex() < certificates.size() ? e.getIndex() : 0;
        X509Certificate certificate = certificates.get(index);
        String subject = Certificates.subject(certificate);
        X509Certificate issuer = index + 1 < certificates.size() ? certificates.get(index + 1) : path.anchor();
        CertPathValidatorException.Reason reason = e.getReason();
        if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
            return CheckResult.failed(CertificateFailure.EXPIRED, "validity date check: certificate " + subject
                    + " expired on " + certificate.getNotAfter().toInstant() + " (unit time " + now + ")");
        }
        if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return CheckResult.failed(CertificateFailure.NOT_YET_VALID, "validity date check: certificate " + subject
                    + " is valid only from " + certificate.getNotBefore().toInstant() + " (unit time " + now + ")");
        }
        if (reason == CertPathValidatorException.BasicReason.REVOKED) {
            return CheckResult.failed(CertificateFailure.REVOKED, "revocation check: certificate " + subject
                    + " (serial " + certificate.getSerialNumber().toString(16) + ") is revoked by a CRL of "
                    + Certificates.subject(issuer) + ": " + e.getMessage());
        }
        if (reason == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
            return CheckResult.failed(CertificateFailure.BAD_SIGNATURE, "signature check: the signature of " + subject
                    + " does not verify with the key of " + Certificates.subject(issuer));
        }
        if (reason == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED) {
            return CheckResult.failed(CertificateFailure.WEAK_KEY, "algorithm check: " + subject + ": " + e.getMessage());
        }
        if (reason == PKIXReason.UNRECOGNIZED_CRIT_EXT) {
            return CheckResult.failed(CertificateFailure.UNKNOWN_CRITICAL_EXTENSION, "extension check: " + subject
                    + " has a critical extension the unit does not understand (" + e.getMessage() + ")");
        }
        if (reason == PKIXReason.INVALID_NAME) {
            return CheckResult.failed(CertificateFailure.NAME_CONSTRAINTS, "name constraints check: a name of " + subject
                    + " is outside the names its CA may certify (" + e.getMessage() + ")");
        }
        if (reason == PKIXReason.INVALID_KEY_USAGE && !Certificates.isCertificateAuthority(certificate)) {
            reason = PKIXReason.NOT_CA_CERT;             // the JDK tests keyCertSign before basicConstraints
        }
        if (reason == PKIXReason.INVALID_KEY_USAGE) {
            return CheckResult.failed(CertificateFailure.BAD_KEY_USAGE, "key usage check: " + subject
                    + " is not allowed to sign certificates (keyUsage without keyCertSign)");
        }
        if (reason == PKIXReason.NOT_CA_CERT) {
            String child = index > 0 ? Certificates.subject(certificates.get(index - 1)) : "a certificate";
            return CheckResult.failed(CertificateFailure.UNKNOWN_CA, "chain check: " + subject + " signed " + child
                    + " but is not a CA (basicConstraints)");
        }
        if (reason == PKIXReason.PATH_TOO_LONG) {
            return CheckResult.failed(CertificateFailure.UNKNOWN_CA, "chain check: the chain above " + subject
                    + " has more intermediate CAs than a pathLenConstraint allows");
        }
        return CheckResult.failed(CertificateFailure.UNKNOWN_CA, "chain check: " + subject + ": " + e.getMessage());
    }
}
