package org.secureta.transport.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A certificate with its private key and its chain. The chain starts with the certificate itself
 * and goes up through its issuers to the root, which is the order a TLS peer sends it
 * (RFC 8446 4.4.2, RFC 5246 7.4.2). toString never shows the key.
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty() || !chain.get(0).equals(certificate)) {
            throw new IllegalArgumentException("chain must start with the certificate itself");
        }
    }

    /**
     * Puts together a certificate, its key and its chain from a set of certificates read from
     * files in any order: the certificate is the one the key belongs to; the others are ordered
     * by who signed whom. Certificates not on the chain are left out.
     *
     * @throws PkiException KEY_MISMATCH when no certificate belongs to the key
     */
    public static IssuedCertificate assemble(String source, List<X509Certificate> certificates, PrivateKey privateKey)
            throws PkiException {
        if (certificates.isEmpty()) {
            throw new PkiException(source, PkiException.Problem.MISSING_CONTENT, "no certificate to go with the private key");
        }
        X509Certificate leaf = certificates.stream()
                .filter(c -> KeyMatch.matches(privateKey, c))
                .findFirst()
                .orElseThrow(() -> new PkiException(source, PkiException.Problem.KEY_MISMATCH,
                        "the private key does not match the certificate " + describe(certificates)));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        X509Certificate current = leaf;
        while (!Certificates.isSelfIssued(current) && chain.size() <= certificates.size()) {
            X509Certificate child = current;
            X509Certificate issuer = certificates.stream()
                    .filter(c -> !chain.contains(c) && Certificates.isSignedBy(child, c))
                    .findFirst().orElse(null);
            if (issuer == null) {
                break;
            }
            chain.add(issuer);
            current = issuer;
        }
        return new IssuedCertificate(leaf, privateKey, chain);
    }

    /** The chain from the root down to this certificate: the order of the unit's "chain in one file". */
    public List<X509Certificate> chainRootFirst() {
        List<X509Certificate> reversed = new ArrayList<>(chain);
        Collections.reverse(reversed);
        return List.copyOf(reversed);
    }

    /** The issuers above this certificate, leaf side first (empty for a self-signed certificate). */
    public List<X509Certificate> issuers() {
        return chain.subList(1, chain.size());
    }

    /** The last certificate of the chain: the root, or the highest issuer known. */
    public X509Certificate root() {
        return chain.get(chain.size() - 1);
    }

    public String subject() {
        return Certificates.subject(certificate);
    }

    @Override
    public String toString() {
        return "IssuedCertificate[subject=" + subject()
                + ", issuer=" + certificate.getIssuerX500Principal().getName()
                + ", notAfter=" + certificate.getNotAfter().toInstant()
                + ", key=" + privateKey.getAlgorithm() + " (hidden)"
                + ", chainLength=" + chain.size() + "]";
    }

    private static String describe(List<X509Certificate> certificates) {
        return certificates.size() == 1
                ? Certificates.subject(certificates.get(0))
                : "(none of the " + certificates.size() + " certificates in the file)";
    }
}
