package org.secureta.transport.pki;

/**
 * Why the unit refused a peer certificate. The names are what the status page, the link events
 * and syslog show (docs/transport.md lists them with the rule behind each).
 */
public enum CertificateFailure {
    /** A certificate of the chain is past its notAfter date by the unit's clock. */
    EXPIRED,
    /** A certificate of the chain is before its notBefore date by the unit's clock. */
    NOT_YET_VALID,
    /**
     * The chain does not lead to a CA in the unit's "Other" store, or a certificate in it acts as
     * an issuer without being a CA (basicConstraints) or beyond its CA's pathLenConstraint.
     */
    UNKNOWN_CA,
    /** A signature of the chain does not verify with its issuer's key. */
    BAD_SIGNATURE,
    /** No SAN or CN of the server certificate names the configured server (or SRV target). */
    HOST_MISMATCH,
    /** The peer presented no certificate at all. */
    NO_CERTIFICATE,
    /**
     * A certificate is not allowed for what it is used for: a leaf without serverAuth (clientAuth
     * for a client) in its extendedKeyUsage, an empty extendedKeyUsage, a leaf keyUsage without a
     * TLS usage, a leaf that is a CA or has keyCertSign, an issuer without keyCertSign
     * (RFC 5280 4.2.1.3, 4.2.1.9, 4.2.1.12).
     */
    BAD_KEY_USAGE,
    /** A name of the chain lies outside a CA's nameConstraints (RFC 5280 4.2.1.10). */
    NAME_CONSTRAINTS,
    /** A key or signature algorithm is too weak: RSA under 2048 bits, DSA, a curve under 256 bits, MD5/SHA-1. */
    WEAK_KEY,
    /** The certificate is listed in a CRL of the unit's certs/crl folder (RFC 5280 6.3). */
    REVOKED,
    /** A certificate has a critical extension the unit does not understand (RFC 5280 4.2). */
    UNKNOWN_CRITICAL_EXTENSION,
    /**
     * A certificate breaks the RFC 5280 profile: a serial number that is not positive or longer
     * than 20 octets (4.1.2.2), no authorityKeyIdentifier in an issued certificate (4.2.1.1), no
     * subjectKeyIdentifier in a CA certificate (4.2.1.2).
     */
    MALFORMED
}
