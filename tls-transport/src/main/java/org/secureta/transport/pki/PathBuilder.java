package org.secureta.transport.pki;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds every way (up to a limit) from the leaf a peer presented to one of the unit's trust
 * anchors, by issuer name (RFC 5280 6.1.3 (a)(4)) narrowed by the key identifiers (4.2.1.1). It
 * verifies nothing: each candidate goes to the PKIX validator in turn, so when one issuer
 * candidate fails (bad signature, expired, wrong constraints) the next one is tried -- the
 * backtracking of RFC 4158 section 2.4 that a "first issuer whose signature verifies" walk lacks.
 */
final class PathBuilder {

    /** Longest chain followed; real chains have two or three certificates. */
    static final int MAX_DEPTH = 10;
    /** A peer controls the certificates it sends: the search is bounded whatever it sends. */
    static final int MAX_PRESENTED = 16;
    static final int MAX_PATHS = 8;
    /** Issuer candidates looked at per chain: bounds the search even for a peer sending many same-named CAs. */
    static final int MAX_STEPS = 256;

    private final List<X509Certificate> anchors;

    PathBuilder(List<X509Certificate> anchors) {
        this.anchors = anchors;
    }

    /** The candidate paths, the most likely first: issuers whose key identifier matches, anchors before presented CAs. */
    List<CandidatePath> candidates(List<X509Certificate> presented) {
        List<X509Certificate> pool = presented.subList(0, Math.min(presented.size(), MAX_PRESENTED));
        List<CandidatePath> found = new ArrayList<>();
        List<X509Certificate> below = new ArrayList<>();
        below.add(pool.get(0));
        search(below, pool, found, new int[] {0});
        return found;
    }

    private void search(List<X509Certificate> below, List<X509Certificate> pool, List<CandidatePath> found, int[] steps) {
        if (found.size() >= MAX_PATHS || ++steps[0] > MAX_STEPS) {
            return;
        }
        X509Certificate current = below.get(below.size() - 1);
        Optional<X509Certificate> same = sameAsAnchor(current);
        if (same.isPresent()) {
            // The peer sent a trusted certificate (or an equal copy): the store's copy is the anchor.
            found.add(new CandidatePath(below.subList(0, below.size() - 1), same.get()));
            return;
        }
        if (below.size() > MAX_DEPTH) {
            return;
        }
        for (X509Certificate anchor : ranked(anchors, current)) {
            if (found.size() < MAX_PATHS) {
                found.add(new CandidatePath(below, anchor));
            }
        }
        for (X509Certificate issuer : ranked(pool, current)) {
            if (!below.contains(issuer)) {
                below.add(issuer);
                search(below, pool, found, steps);
                below.remove(below.size() - 1);
            }
        }
    }

    /** Certificates that may have issued {@code child}, those that are valid CAs by their extensions first. */
    private static List<X509Certificate> ranked(List<X509Certificate> candidates, X509Certificate child) {
        List<X509Certificate> issuers = new ArrayList<>();
        for (X509Certificate candidate : candidates) {
            if (!candidate.equals(child)
                    && child.getIssuerX500Principal().equals(candidate.getSubjectX500Principal())
                    && KeyIdentifiers.agree(candidate, child)) {
                issuers.add(candidate);
            }
        }
        issuers.sort(Comparator.comparing((X509Certificate c) -> !Certificates.isCertificateAuthority(c)));
        return issuers;
    }

    /** An anchor that is this certificate, or the same CA (same name and key) in another copy. */
    Optional<X509Certificate> sameAsAnchor(X509Certificate certificate) {
        return anchors.stream()
                .filter(a -> a.equals(certificate)
                        || (a.getSubjectX500Principal().equals(certificate.getSubjectX500Principal())
                            && a.getPublicKey().equals(certificate.getPublicKey())))
                .findFirst();
    }
}
