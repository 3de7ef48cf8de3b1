package org.secureta.transport.pki;

import java.math.BigInteger;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks PKIX path validation leaves to the application (RFC 5280 sections 4.1, 4.2 and
 * 6.1.5 (e)): what the leaf may be used for, the profile rules issuers must follow, and key
 * strength. Run on a path PKIX has already accepted, leaf first.
 */
final class ProfileRules {

    /** RFC 5280 4.1.2.2: at most 20 octets. */
    private static final int MAX_SERIAL_OCTETS = 20;
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";

    private ProfileRules() {
    }

    static Optional<CheckResult> check(CandidatePath path, PeerRole role) {
        List<X509Certificate> checked = new ArrayList<>(path.certificates());
        if (path.leafIsAnchor()) {
            checked.add(path.anchor());
        }
        Optional<CheckResult> strength = strength(checked, path);
        if (strength.isPresent()) {
            return strength;
        }
        for (int i = 0; i < path.certificates().size(); i++) {
            Optional<CheckResult> malformed = malformed(path.certificates().get(i), i == 0);
            if (malformed.isPresent()) {
                return malformed;
            }
        }
        Optional<CheckResult> leaf = leafUsage(path.leaf(), role);
        if (leaf.isPresent()) {
            return leaf;
        }
        for (X509Certificate issuer : path.certificates().subList(Math.min(1, path.certificates().size()), path.certificates().size())) {
            Optional<String> purpose = extendedKeyUsageRefuses(issuer, role);
            if (purpose.isPresent()) {
                return Optional.of(CheckResult.failed(CertificateFailure.BAD_KEY_USAGE, "extended key usage check: CA "
                        + Certificates.subject(issuer) + " " + purpose.get() + ", so it cannot vouch for a " + role.usageName() + " certificate"));
            }
        }
        return CommonNameConstraints.check(path);
    }

    /** Keys of every certificate, the anchor's too (a weak anchor key makes the whole chain forgeable); signatures below the anchor. */
    private static Optional<CheckResult> strength(List<X509Certificate> checked, CandidatePath path) {
        List<X509Certificate> keys = new ArrayList<>(checked);
        if (!path.leafIsAnchor()) {
            keys.add(path.anchor());
        }
        for (X509Certificate certificate : keys) {
            Optional<String> weak = KeyStrength.weakKey(certificate);
            if (weak.isPresent()) {
                return Optional.of(CheckResult.failed(CertificateFailure.WEAK_KEY, "key strength check: " + Certificates.subject(certificate)
                        + " has a " + weak.get()));
            }
        }
        for (X509Certificate certificate : path.certificates()) {
            Optional<String> weak = KeyStrength.weakSignature(certificate);
            if (weak.isPresent()) {
                return Optional.of(CheckResult.failed(CertificateFailure.WEAK_KEY, "signature strength check: " + Certificates.subject(certificate)
                        + " is signed with " + weak.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * RFC 5280 4.1.2.2 (serial number positive, at most 20 octets), 4.2.1.1 (authorityKeyIdentifier
     * in every certificate that is not self-signed), 4.2.1.2 (subjectKeyIdentifier in every CA
     * certificate), 4.2.1.9 (critical basicConstraints in a CA) and 4.2.1.3 (keyUsage in a CA). Certificates sent by the peer only; the anchors are the administrator's choice.
     */
    private static Optional<CheckResult> malformed(X509Certificate certificate, boolean leaf) {
        String subject = Certificates.subject(certificate);
        BigInteger serial = certificate.getSerialNumber();
        if (serial.signum() <= 0) {
            return Optional.of(CheckResult.failed(CertificateFailure.MALFORMED, "profile check: " + subject
                    + " has serial number " + serial + " (RFC 5280 4.1.2.2: must be positive)"));
        }
        int octets = serial.toByteArray().length;
        if (octets > MAX_SERIAL_OCTETS) {
            return Optional.of(CheckResult.failed(CertificateFailure.MALFORMED, "profile check: " + subject
                    + " has a serial number of " + octets + " octets (RFC 5280 4.1.2.2: at most 20)"));
        }
        if (!Certificates.isSelfIssued(certificate) && !KeyIdentifiers.hasAuthorityKeyIdentifier(certificate)) {
            return Optional.of(CheckResult.failed(CertificateFailure.MALFORMED, "profile check: " + subject
                    + " has no authorityKeyIdentifier (RFC 5280 4.2.1.1), so its issuer cannot be told apart from another CA of the same name"));
        }
        if (!leaf && !KeyIdentifiers.hasSubjectKeyIdentifier(certificate)) {
            return Optional.of(CheckResult.failed(CertificateFailure.MALFORMED, "profile check: CA " + subject
                    + " has no subjectKeyIdentifier (RFC 5280 4.2.1.2)"));
        }
        if (!leaf && !criticalExtensions(certificate).contains(BASIC_CONSTRAINTS)) {
            return Optional.of(CheckResult.failed(CertificateFailure.MALFORMED, "profile check: CA " + subject
                    + " has a non-critical basicConstraints (RFC 5280 4.2.1.9: critical in CA certificates)"));
        }
        if (!leaf && certificate.getKeyUsage() == null) {
            return Optional.of(CheckResult.failed(CertificateFailure.MALFORMED, "profile check: CA " + subject
                    + " has no keyUsage (RFC 5280 4.2.1.3: required in certificates whose key signs certificates)"));
        }
        return Optional.empty();
    }

    /**
     * The end-entity certificate: not a CA (a CA key must only sign certificates and CRLs,
     * RFC 5280 4.2.1.9 / CA/B Forum 7.1.2.3), no keyCertSign (4.2.1.3), a keyUsage that allows the
     * TLS handshake, and the role's extended key usage (4.2.1.12).
     */
    private static Optional<CheckResult> leafUsage(X509Certificate leaf, PeerRole role) {
        String subject = Certificates.subject(leaf);
        if (Certificates.isCertificateAuthority(leaf)) {
            return Optional.of(CheckResult.failed(CertificateFailure.BAD_KEY_USAGE, "key usage check: " + subject
                    + " is a CA certificate (basicConstraints CA:true), not a " + role.usageName() + " certificate"));
        }
        boolean[] keyUsage = leaf.getKeyUsage();
        if (PeerRole.KeyUsageBit.KEY_CERT_SIGN.isSetIn(keyUsage)) {
            return Optional.of(CheckResult.failed(CertificateFailure.BAD_KEY_USAGE, "key usage check: " + subject
                    + " is not a CA but its keyUsage allows keyCertSign"));
        }
        if (keyUsage != null && role.tlsKeyUsages().stream().noneMatch(bit -> bit.isSetIn(keyUsage))) {
            return Optional.of(CheckResult.failed(CertificateFailure.BAD_KEY_USAGE, "key usage check: the keyUsage of " + subject
                    + " allows none of " + role.tlsKeyUsages() + ", so it cannot authenticate a TLS " + role.name().toLowerCase(java.util.Locale.ROOT)));
        }
        return extendedKeyUsageRefuses(leaf, role).map(why -> CheckResult.failed(CertificateFailure.BAD_KEY_USAGE,
                "extended key usage check: " + subject + " " + why));
    }

    private static java.util.Set<String> criticalExtensions(X509Certificate certificate) {
        java.util.Set<String> critical = certificate.getCriticalExtensionOIDs();
        return critical == null ? java.util.Set.of() : critical;
    }

    /** Why the certificate's extendedKeyUsage excludes the role; none when it has no such extension (RFC 5280 4.2.1.12). */
    private static Optional<String> extendedKeyUsageRefuses(X509Certificate certificate, PeerRole role) {
        List<String> purposes;
        try {
            purposes = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return Optional.of("has an unreadable extendedKeyUsage");
        }
        if (purposes == null) {
            return Optional.empty();
        }
        if (purposes.isEmpty()) {
            return Optional.of("has an empty extendedKeyUsage (RFC 5280 4.2.1.12: at least one purpose)");
        }
        if (purposes.contains(role.extendedKeyUsage()) || purposes.contains(ANY_EXTENDED_KEY_USAGE)) {
            return Optional.empty();
        }
        return Optional.of("has extendedKeyUsage " + purposes + " without " + role.usageName() + " (" + role.extendedKeyUsage() + ")");
    }
}
