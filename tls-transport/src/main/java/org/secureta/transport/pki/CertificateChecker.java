package org.secureta.transport.pki;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.secureta.transport.CertificateValidation;

/**
 * The unit's checks of a peer certificate, one level of SipEp.InteropTlsCertificateValidation:
 * <ul>
 * <li>NoValidation: a certificate must be presented, nothing else is checked (lab only);</li>
 * <li>TrustedCertificate: RFC 5280 path validation to a CA of the "Other" store at the supplied
 * clock (the unit's NTP time, which is why the guide makes NTP mandatory), plus the profile rules
 * PKIX leaves to the application: extended key usage, key usage of the leaf, key strength, serial
 * numbers and key identifiers, and revocation when the store holds CRLs;</li>
 * <li>DnsSrvResponse: trusted, and the certificate names the configured host or an SRV target;</li>
 * <li>HostName: trusted, and the certificate names the configured host (RFC 6125 section 6 /
 * RFC 5922 7.1, see {@link HostNameMatcher}).</li>
 * </ul>
 * Path building ({@link PathBuilder}) proposes every way to an anchor; each goes through the JDK's
 * PKIX validator ({@link PkixValidator}) and then {@link ProfileRules}; the first path that passes
 * both is taken. When none passes, the refusal of the most likely path is reported. A client
 * certificate (unit as TLS server with client authentication) is checked as TrustedCertificate
 * with clientAuth instead of serverAuth.
 */
public final class CertificateChecker {

    private final CertificateValidation level;
    private final List<X509Certificate> trustAnchors;
    private final List<X509CRL> crls;
    private final Clock clock;

    public CertificateChecker(CertificateValidation level, Collection<X509Certificate> trustAnchors, Clock clock) {
        this(level, trustAnchors, List.of(), clock);
    }

    /** With the CRLs of the unit's certs/crl folder: a revoked leaf is then refused (REVOKED). */
    public CertificateChecker(CertificateValidation level, Collection<X509Certificate> trustAnchors, Collection<X509CRL> crls, Clock clock) {
        this.level = Objects.requireNonNull(level, "level");
        this.trustAnchors = List.copyOf(trustAnchors);
        this.crls = List.copyOf(crls);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The same checks against another clock (the unit's trusted time). */
    public CertificateChecker withClock(Clock unitClock) {
        return new CertificateChecker(level, trustAnchors, crls, unitClock);
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

    public List<X509CRL> crls() {
        return crls;
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
        CheckResult trust = checkTrusted(chain, PeerRole.SERVER);
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

    /** The unit as TLS server with client authentication: the client's chain, as TrustedCertificate for clientAuth. */
    public CheckResult checkClient(List<X509Certificate> chain) {
        if (chain == null || chain.isEmpty()) {
            return CheckResult.failed(CertificateFailure.NO_CERTIFICATE, "client authentication: the client presented no certificate");
        }
        return checkTrusted(chain, PeerRole.CLIENT);
    }

    /** The TrustedCertificate level alone, for a server certificate. */
    public CheckResult checkTrusted(List<X509Certificate> chain) {
        return checkTrusted(chain, PeerRole.SERVER);
    }

    private CheckResult checkTrusted(List<X509Certificate> chain, PeerRole role) {
        if (chain == null || chain.isEmpty()) {
            return CheckResult.failed(CertificateFailure.NO_CERTIFICATE, "certificate presence check: no certificate presented");
        }
        X509Certificate leaf = chain.get(0);
        List<CandidatePath> candidates = new PathBuilder(trustAnchors).candidates(chain);
        if (candidates.isEmpty()) {
            return CheckResult.failed(CertificateFailure.UNKNOWN_CA, "chain check: " + untrustedTop(chain));
        }
        Instant now = clock.instant();
        PkixValidator pkix = new PkixValidator(crls);
        CheckResult first = null;
        for (CandidatePath path : candidates) {
            Optional<CheckResult> refused = pkix.validate(path, now)
                    .or(() -> anchorDates(path.anchor(), now))
                    .or(() -> ProfileRules.check(path, role));
            if (refused.isEmpty()) {
                return CheckResult.ok("TrustedCertificate: " + Certificates.subject(leaf) + " chains to trusted CA " + Certificates.subject(path.anchor()));
            }
            if (first == null) {
                first = refused.get();
            }
        }
        return first;
    }

    /** What the top of the presented chain is, when no path reaches an anchor. */
    private static String untrustedTop(List<X509Certificate> chain) {
        X509Certificate top = chain.get(0);
        List<X509Certificate> seen = new ArrayList<>(List.of(top));
        boolean climbed = true;
        while (climbed && seen.size() <= PathBuilder.MAX_DEPTH) {
            climbed = false;
            for (X509Certificate other : chain) {
                if (!seen.contains(other) && other.getSubjectX500Principal().equals(top.getIssuerX500Principal())
                        && !Certificates.isSelfIssued(top)) {
                    top = other;
                    seen.add(other);
                    climbed = true;
                    break;
                }
            }
        }
        return Certificates.isSelfIssued(top)
                ? "self-signed certificate " + Certificates.subject(top) + " is not a trusted CA"
                : "issuer " + top.getIssuerX500Principal().getName() + " of " + Certificates.subject(top) + " is not a trusted CA";
    }

    /**
     * RFC 5280 leaves the anchor's own dates to the implementation (6.1.1 (d)); the unit checks them, as
     * OpenSSL does, so an expired root in the store stops vouching for servers.
     */
    private static Optional<CheckResult> anchorDates(X509Certificate anchor, Instant now) {
        if (now.isBefore(anchor.getNotBefore().toInstant())) {
            return Optional.of(CheckResult.failed(CertificateFailure.NOT_YET_VALID, "validity date check: certificate " + Certificates.subject(anchor)
                    + " is valid only from " + anchor.getNotBefore().toInstant() + " (unit time " + now + ")"));
        }
        if (now.isAfter(anchor.getNotAfter().toInstant())) {
            return Optional.of(CheckResult.failed(CertificateFailure.EXPIRED, "validity date check: certificate " + Certificates.subject(anchor)
                    + " expired on " + anchor.getNotAfter().toInstant() + " (unit time " + now + ")"));
        }
        return Optional.empty();
    }
}
