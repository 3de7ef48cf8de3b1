package org.secureta.transport.pki;

/** Why the unit refused a peer certificate. The names are what the status page and syslog show. */
public enum CertificateFailure {
    /** A certificate of the chain is past its notAfter date by the unit's clock. */
    EXPIRED,
    /** A certificate of the chain is before its notBefore date by the unit's clock. */
    NOT_YET_VALID,
    /** The chain does not lead to a CA in the unit's "Other" store (or an issuer is not a CA). */
    UNKNOWN_CA,
    /** A signature of the chain does not verify with its issuer's key. */
    BAD_SIGNATURE,
    /** No SAN or CN of the server certificate names the configured server (or SRV target). */
    HOST_MISMATCH,
    /** The peer presented no certificate at all. */
    NO_CERTIFICATE
}
