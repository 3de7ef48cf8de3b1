package org.secureta.transport.pki;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * The authority and subject key identifiers of RFC 5280 4.2.1.1 / 4.2.1.2: how path building tells
 * apart two CAs that share a name (a renewed CA, an impostor, a cross-certificate).
 */
final class KeyIdentifiers {

    private KeyIdentifiers() {
    }

    static boolean hasAuthorityKeyIdentifier(X509Certificate certificate) {
        return authority(certificate).isPresent();
    }

    static boolean hasSubjectKeyIdentifier(X509Certificate certificate) {
        return subjectKeyIdentifier(certificate).isPresent();
    }

    /**
     * Whether {@code issuer} may have issued {@code child} as far as the identifiers tell: when
     * the child names its authority's key (or issuer serial) and the candidate has the data to
     * compare, they must agree. Where one side is missing, the signature decides (and the profile
     * check then refuses the missing identifier).
     */
    static boolean agree(X509Certificate issuer, X509Certificate child) {
        Optional<AuthorityKeyIdentifier> aki = authority(child);
        if (aki.isEmpty()) {
            return true;
        }
        byte[] keyId = aki.get().getKeyIdentifier();
        Optional<byte[]> ski = subjectKeyIdentifier(issuer);
        if (keyId != null && ski.isPresent() && !Arrays.equals(keyId, ski.get())) {
            return false;
        }
        BigInteger serial = aki.get().getAuthorityCertSerialNumber();
        return serial == null || serial.equals(issuer.getSerialNumber());
    }

    private static Optional<AuthorityKeyIdentifier> authority(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (extension == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> subjectKeyIdentifier(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getKeyIdentifier());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
