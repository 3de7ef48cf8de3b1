package org.secureta.transport.pki;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** Small questions about X.509 certificates that the checker, the store and the tools all ask. */
public final class Certificates {

    private Certificates() {
    }

    /** True for basicConstraints CA:true (RFC 5280 4.2.1.9); getBasicConstraints is -1 otherwise. */
    public static boolean isCertificateAuthority(X509Certificate certificate) {
        return certificate.getBasicConstraints() >= 0;
    }

    /** Subject and issuer are the same name (RFC 5280 6.1: self-issued). */
    public static boolean isSelfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }

    /** The issuer's name matches and its public key verifies the certificate's signature. */
    public static boolean isSignedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The first CN of a name, if it has one. */
    public static Optional<String> commonName(X500Principal name) {
        try {
            List<Rdn> rdns = new LdapName(name.getName(X500Principal.RFC2253)).getRdns();
            // LdapName lists RDNs last-first; the "most specific" CN is the last one in the list.
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return Optional.of(String.valueOf(rdns.get(i).getValue()));
                }
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    /** How a name is shown to a person: its CN if it has one, else the whole RFC 2253 name. */
    public static String displayName(X500Principal name) {
        return commonName(name).orElseGet(() -> name.getName(X500Principal.RFC2253));
    }

    /** "CN=..." of the subject, the way messages name a certificate. */
    public static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    /** Lower-case hex SHA-256 of the DER encoding: a stable identity for a certificate. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + subject(certificate), e);
        }
    }
}
