package org.secureta.transport.pki;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * One way from a leaf to a trust anchor: {@code certificates} from the leaf up to the last
 * certificate below the anchor (empty when the leaf itself is in the trust store), then the anchor.
 */
record CandidatePath(List<X509Certificate> certificates, X509Certificate anchor) {

    CandidatePath {
        certificates = List.copyOf(certificates);
        Objects.requireNonNull(anchor, "anchor");
    }

    /** The leaf itself is a trust anchor (a pinned server certificate). */
    boolean leafIsAnchor() {
        return certificates.isEmpty();
    }

    X509Certificate leaf() {
        return leafIsAnchor() ? anchor : certificates.get(0);
    }
}
