package org.secureta.transport.pki;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.secureta.transport.CertificateValidation;

/**
 * The unit's checks of a peer certificate, one level of SipEp.InteropTlsCertificateValidation:
 * <ul>
 * <li>NoValidation: a certificate must be presented, nothing else is checked (lab only);</li>
 * <li>TrustedCertificate: the chain leads to a CA of the "Other" store; every signature and every
 * certificate's validity dates are checked, against the supplied clock (the unit's NTP time, which
 * is why the guide makes NTP mandatory);</li>
 * <li>DnsSrvResponse: trusted, and a SAN or the CN names the configured host or an SRV target;</li>
 * <li>HostName: trusted, and a SAN (DNS or IP) or the CN names the configured host.</li>
 * </ul>
 * The chain is built first (giving UNKNOWN_CA or BAD_SIGNATURE), then dates are checked along it
 * from the leaf up (EXPIRED, NOT_YET_VALID), then the name (HOST_MISMATCH): the first failure is
 * the one reported. A client certificate (unit as TLS server with client authentication) is
 * always checked as TrustedCertificate.
 */
public final class CertificateChecker {

    /** Longest chain followed; real chains have two or three certificates. */
    private static final int MAX_CHAIN = 10;

    private final CertificateValidation level;
    private final List<X509Certificate> trustAnchors;
    private final Clock clock;

    public CertificateChecker(CertificateValidation level, Collection<X509Certificate> trustAnchors, Clock clock) {
        this.level = Objects.requireNonNull(level, "level");
        this.trustAnchors = List.copyOf(trustAnchors);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The same checks against another clock (the unit's trusted time). */
    public CertificateChecker withClock(Clock unitClock) {
        return new CertificateChecker(level, trustAnchors, unitClock);
    }

    public Clock clock() {
        return clock;
    }

    public CertificateValidation level() {
        return level;
    }

    public List<X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    /** The unit as TLS client: the server's chain (leaf first) against the configured level. */
    public CheckResult checkServer(List<X509Certificate> chain, ServerIdentity expected) {
        if (chain == null || chain.isEmpty()) {
            return CheckResult.failed(CertificateFailure.NO_CERTIFICATE, "certificate presence check: the server presented no certificate");
        }
        X509Certificate leaf = chain.get(0);
        if (level == CertificateValidation.NoValidation) {
            return CheckResult.ok("NoValidation: accepted " + Certificates.subject(leaf) + " without checks");
        }
        CheckResult trust = checkTrusted(chain);
        if (!trust.isOk() || level == CertificateValidation.TrustedCertificate) {
            return trust;
        }
        List<String> names = new ArrayList<>();
        names.add(expected.configuredHost());
        if (level == CertificateValidation.DnsSrvResponse) {
            names.addAll(expected.srvTargets());
        }
        names.removeIf(String::isBlank);
        if (names.isEmpty()) {
            return CheckResult.failed(CertificateFailure.HOST_MISMATCH, level + " check: no server host is configured to compare "
                    + Certificates.subject(leaf) + " with");
        }
        for (String name : names) {
            if (HostNameMatcher.matches(leaf, name)) {
                return CheckResult.ok(level + ": " + Certificates.subject(leaf) + " is trusted and names " + name);
            }
        }
        return CheckResult.failed(CertificateFailure.HOST_MISMATCH, level + " check: certificate " + Certificates.subject(leaf)
                + " (" + HostNameMatcher.describeNames(leaf) + ") does not name " + String.join(" or ", names));
    }

    /** The unit as TLS server with client authentication: the client's chain, as TrustedCertificate. */
    public CheckResult checkClient(List<X509Certificate> chain) {
        if (chain == null || chain.isEmpty()) {
            return CheckResult.failed(CertificateFailure.NO_CERTIFICATE, "client authentication: the client presented no certificate");
        }
        return checkTrusted(chain);
    }

    /** The TrustedCertificate level alone: chain to an anchor, signatures, dates. */
    public CheckResult checkTrusted(List<X509Certificate> chain) {
        if (chain == null || chain.isEmpty()) {
            return CheckResult.failed(CertificateFailure.NO_CERTIFICATE, "certificate presence check: no certificate presented");
        }
        List<X509Certificate> path = new ArrayList<>();
        Optional<CheckResult> broken = buildPath(chain, path);
        if (broken.isPresent()) {
            return broken.get();
        }
        Instant now = clock.instant();
        for (X509Certificate certificate : path) {
            if (now.isBefore(certificate.getNotBefore().toInstant())) {
                return CheckResult.failed(CertificateFailure.NOT_YET_VALID, "validity date check: certificate " + Certificates.subject(certificate)
                        + " is valid only from " + certificate.getNotBefore().toInstant() + " (unit time " + now + ")");
            }
            if (now.isAfter(certificate.getNotAfter().toInstant())) {
                return CheckResult.failed(CertificateFailure.EXPIRED, "validity date check: certificate " + Certificates.subject(certificate)
                        + " expired on " + certificate.getNotAfter().toInstant() + " (unit time " + now + ")");
            }
        }
        X509Certificate anchor = path.get(path.size() - 1);
        return CheckResult.ok("TrustedCertificate: " + Certificates.subject(chain.get(0)) + " chains to trusted CA " + Certificates.subject(anchor));
    }

    /**
     * Walks from the leaf to a trust anchor, taking issuers from the anchors first and then from
     * the certificates the peer sent (which may come in any order, RFC 8446 4.4.2).
     */
    private Optional<CheckResult> buildPath(List<X509Certificate> presented, List<X509Certificate> path) {
        X509Certificate current = presented.get(0);
        path.add(current);
        while (anchorFor(current).isEmpty()) {
            if (path.size() > MAX_CHAIN) {
                return Optional.of(CheckResult.failed(CertificateFailure.UNKNOWN_CA, "chain check: no trusted CA within "
                        + MAX_CHAIN + " certificates above " + Certificates.subject(presented.get(0))));
            }
            List<X509Certificate> candidates = new ArrayList<>();
            for (X509Certificate anchor : trustAnchors) {
                if (mayHaveIssued(anchor, current)) {
                    candidates.add(anchor);
                }
            }
            for (X509Certificate other : presented) {
                if (!path.contains(other) && mayHaveIssued(other, current)) {
                    candidates.add(other);
                }
            }
            if (candidates.isEmpty()) {
                String why = Certificates.isSelfIssued(current)
                        ? "self-signed certificate " + Certificates.subject(current) + " is not a trusted CA"
                        : "issuer " + current.getIssuerX500Principal().getName() + " of " + Certificates.subject(current) + " is not a trusted CA";
                return Optional.of(CheckResult.failed(CertificateFailure.UNKNOWN_CA, "chain check: " + why));
            }
            X509Certificate child = current;
            Optional<X509Certificate> issuer = candidates.stream().filter(c -> Certificates.isSignedBy(child, c)).findFirst();
            if (issuer.isEmpty()) {
                return Optional.of(CheckResult.failed(CertificateFailure.BAD_SIGNATURE, "signature check: the signature of "
                        + Certificates.subject(current) + " does not verify with the key of " + Certificates.subject(candidates.get(0))));
            }
            X509Certificate parent = issuer.get();
            Optional<String> unfit = unfitIssuer(parent, path);
            if (unfit.isPresent()) {
                return Optional.of(CheckResult.failed(CertificateFailure.UNKNOWN_CA, "chain check: " + unfit.get()));
            }
            path.add(parent);
            current = parent;
        }
        // The peer may send the anchor itself or an equivalent copy; the store's copy is the one trusted.
        path.set(path.size() - 1, anchorFor(current).get());
        return Optional.empty();
    }

    /** RFC 5280 6.1.4 (k), (l), (n): an issuer must be a CA, within its path length, allowed to sign certificates. */
    private static Optional<String> unfitIssuer(X509Certificate issuer, List<X509Certificate> pathBelow) {
        String subject = Certificates.subject(issuer);
        if (!Certificates.isCertificateAuthority(issuer)) {
            return Optional.of(subject + " signed " + Certificates.subject(pathBelow.get(pathBelow.size() - 1)) + " but is not a CA (basicConstraints)");
        }
        boolean[] keyUsage = issuer.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= 5 || !keyUsage[5])) {
            return Optional.of(subject + " is not allowed to sign certificates (keyUsage without keyCertSign)");
        }
        long intermediatesBelow = pathBelow.stream().skip(1).filter(c -> !Certificates.isSelfIssued(c)).count();
        if (intermediatesBelow > issuer.getBasicConstraints()) {
            return Optional.of(subject + " allows " + issuer.getBasicConstraints() + " intermediate CAs below it, the chain has " + intermediatesBelow);
        }
        return Optional.empty();
    }

    /** An anchor that is this certificate, or the same CA (same name and key) in another copy. */
    private Optional<X509Certificate> anchorFor(X509Certificate certificate) {
        return trustAnchors.stream()
                .filter(a -> a.equals(certificate)
                        || (a.getSubjectX500Principal().equals(certificate.getSubjectX500Principal())
                            && a.getPublicKey().equals(certificate.getPublicKey())))
                .findFirst();
    }

    /**
     * Name chaining (RFC 5280 6.1.3 (a)(4)), narrowed by the key identifiers when both are present
     * (4.2.1.1), so a different CA that merely uses the same name is not taken for the issuer.
     */
    private static boolean mayHaveIssued(X509Certificate issuer, X509Certificate child) {
        if (issuer.equals(child) || !child.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        byte[] authorityKeyId = authorityKeyIdentifier(child);
        byte[] subjectKeyId = subjectKeyIdentifier(issuer);
        return authorityKeyId == null || subjectKeyId == null || Arrays.equals(authorityKeyId, subjectKeyId);
    }

    private static byte[] authorityKeyIdentifier(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (extension == null) {
            return null;
        }
        try {
            return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getKeyIdentifier();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static byte[] subjectKeyIdentifier(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return null;
        }
        try {
            return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getKeyIdentifier();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
