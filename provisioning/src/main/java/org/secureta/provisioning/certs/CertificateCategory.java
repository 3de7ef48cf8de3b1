package org.secureta.provisioning.certs;

/** The unit's two certificate stores (Management -> Certificates, certificate type). */
public enum CertificateCategory {
    /** Cert.HostCertificatesInfo: the unit's own certificates, with private key. */
    Host,
    /** Cert.OthersCertificatesInfo: trusted CA certificates that validate servers. */
    Other
}
