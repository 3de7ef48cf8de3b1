package org.secureta.transport.pki;

/** Which extensions a certificate gets, that is what it may be used for (RFC 5280 4.2.1.3, 4.2.1.9, 4.2.1.12). */
public enum CertificateProfile {
    /** basicConstraints CA:true (critical), keyUsage keyCertSign and cRLSign: an "Other" certificate of the unit. */
    CERTIFICATE_AUTHORITY,
    /** A proxy's server certificate: CA:false, digitalSignature (+ keyEncipherment for RSA), EKU serverAuth, SANs. */
    SERVER,
    /**
     * A unit's "Host" certificate: like SERVER but EKU serverAuth and clientAuth, because the unit
     * presents it both as TLS server (unit to unit) and as client under mutual TLS.
     */
    HOST
}
