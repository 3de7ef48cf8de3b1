package org.secureta.transport.pki;

import java.util.Objects;

/**
 * What to put in a certificate. The subject is {@code CN=commonName}. A null validity means the
 * kit's default (from its clock: one hour ago to a year ahead).
 */
public record CertificateSpec(CertificateProfile profile, String commonName, SubjectAltNames subjectAltNames,
                              Validity validity, KeyType keyType) {

    public CertificateSpec {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(subjectAltNames, "subjectAltNames");
        Objects.requireNonNull(keyType, "keyType");
        if (commonName.isBlank()) {
            throw new IllegalArgumentException("commonName must not be blank");
        }
    }

    public static CertificateSpec certificateAuthority(String commonName) {
        return new CertificateSpec(CertificateProfile.CERTIFICATE_AUTHORITY, commonName, SubjectAltNames.NONE, null, KeyType.RSA_2048);
    }

    /** A proxy server certificate; with no SAN given, the common name becomes the only SAN. */
    public static CertificateSpec server(String commonName, String... subjectAltNames) {
        return new CertificateSpec(CertificateProfile.SERVER, commonName, sansOrCommonName(commonName, subjectAltNames), null, KeyType.RSA_2048);
    }

    /** A unit's Host certificate: CN is the unit name, SANs its addresses or DNS names. */
    public static CertificateSpec host(String unitName, String... subjectAltNames) {
        return new CertificateSpec(CertificateProfile.HOST, unitName, SubjectAltNames.of(subjectAltNames), null, KeyType.RSA_2048);
    }

    public CertificateSpec withValidity(Validity newValidity) {
        return new CertificateSpec(profile, commonName, subjectAltNames, newValidity, keyType);
    }

    public CertificateSpec withKeyType(KeyType newKeyType) {
        return new CertificateSpec(profile, commonName, subjectAltNames, validity, newKeyType);
    }

    public CertificateSpec withSubjectAltNames(SubjectAltNames names) {
        return new CertificateSpec(profile, commonName, names, validity, keyType);
    }

    private static SubjectAltNames sansOrCommonName(String commonName, String... names) {
        return names.length == 0 ? SubjectAltNames.of(commonName) : SubjectAltNames.of(names);
    }
}
