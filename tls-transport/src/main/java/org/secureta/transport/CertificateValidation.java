package org.secureta.transport;

/** SipEp.InteropTlsCertificateValidation: how the unit, as TLS client, checks the server. */
public enum CertificateValidation {
    /** Any certificate is accepted, but one must be presented (lab only). */
    NoValidation,
    /** The chain ends at a trusted ("Other") CA; dates and signatures are checked. */
    TrustedCertificate,
    /** Trusted, and a SAN or CN matches the configured server or the DNS SRV target. */
    DnsSrvResponse,
    /** Trusted, and a SAN (DNS or IP) or CN matches the configured server host. */
    HostName
}
