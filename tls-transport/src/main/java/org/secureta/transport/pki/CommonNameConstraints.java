package org.secureta.transport.pki;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * DNS name constraints applied to a leaf's CN when the leaf has no dNSName SAN: RFC 5280 4.2.1.10
 * constrains only SANs, but the unit (like browsers and OpenSSL) matches such a CN as a host name
 * (RFC 6125 6.4.4), so a name-constrained CA must not be able to escape its subtrees through it.
 */
final class CommonNameConstraints {

    private CommonNameConstraints() {
    }

    static Optional<CheckResult> check(CandidatePath path) {
        X509Certificate leaf = path.leaf();
        if (!HostNameMatcher.dnsNames(leaf).isEmpty()) {
            return Optional.empty();
        }
        Optional<String> commonName = Certificates.commonName(leaf.getSubjectX500Principal())
                .map(cn -> cn.toLowerCase(Locale.ROOT))
                .filter(CommonNameConstraints::looksLikeHostName);
        if (commonName.isEmpty()) {
            return Optional.empty();
        }
        List<X509Certificate> issuers = new ArrayList<>(path.certificates().subList(Math.min(1, path.certificates().size()), path.certificates().size()));
        if (!path.leafIsAnchor()) {
            issuers.add(path.anchor());
        }
        for (X509Certificate issuer : issuers) {
            Optional<NameConstraints> constraints = constraintsOf(issuer);
            if (constraints.isEmpty()) {
                continue;
            }
            List<String> permitted = dnsBases(constraints.get().getPermittedSubtrees());
            List<String> excluded = dnsBases(constraints.get().getExcludedSubtrees());
            String cn = commonName.get();
            boolean outside = !permitted.isEmpty() && permitted.stream().noneMatch(base -> within(cn, base));
            if (outside || excluded.stream().anyMatch(base -> within(cn, base))) {
                return Optional.of(CheckResult.failed(CertificateFailure.NAME_CONSTRAINTS, "name constraints check: the CN " + cn + " of "
                        + Certificates.subject(leaf) + " is outside the DNS names " + Certificates.subject(issuer) + " may certify"
                        + " (permitted " + permitted + ", excluded " + excluded + ")"));
            }
        }
        return Optional.empty();
    }

    /** RFC 5280 4.2.1.10: a DNS name is within a subtree when it is the base or ends with "." + base. */
    static boolean within(String name, String base) {
        String b = base.toLowerCase(Locale.ROOT);
        if (b.isEmpty()) {
            return true;
        }
        if (b.startsWith(".")) {
            return name.endsWith(b);
        }
        return name.equals(b) || name.endsWith("." + b);
    }

    private static boolean looksLikeHostName(String cn) {
        return cn.indexOf('.') > 0 && cn.chars().allMatch(c -> c == '.' || c == '-' || c == '*' || Character.isLetterOrDigit(c))
                && IpLiterals.parse(cn).isEmpty();
    }

    private static Optional<NameConstraints> constraintsOf(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.nameConstraints.getId());
        if (extension == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(NameConstraints.getInstance(ASN1OctetString.getInstance(extension).getOctets()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<String> dnsBases(GeneralSubtree[] subtrees) {
        List<String> bases = new ArrayList<>();
        if (subtrees != null) {
            for (GeneralSubtree subtree : subtrees) {
                if (subtree.getBase().getTagNo() == GeneralName.dNSName) {
                    bases.add(((ASN1String) subtree.getBase().getName()).getString());
                }
            }
        }
        return bases;
    }
}
