package org.secureta.transport.pki;

import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;

/**
 * The key and signature strength the unit requires of every certificate it checks, in line with
 * the CA/Browser Forum baseline (6.1.5) and NIST SP 800-131A: RSA of at least 2048 bits, EC on
 * curves of at least 256 bits, Ed25519/Ed448; no DSA; no MD5 or SHA-1 signatures. The key is read
 * with Bouncy Castle so that curves the JDK no longer supports (P-192) are still recognised.
 */
final class KeyStrength {

    static final int MIN_RSA_BITS = 2048;
    static final int MIN_EC_BITS = 256;

    private static final Set<String> WEAK_SIGNATURES = Set.of(
            "1.2.840.113549.1.1.4",      // md5WithRSAEncryption
            "1.2.840.113549.1.1.5",      // sha1WithRSAEncryption
            "1.2.840.10040.4.3",         // dsa-with-sha1
            "1.2.840.10045.4.1");        // ecdsa-with-SHA1

    private KeyStrength() {
    }

    /** Why the certificate's public key is too weak, if it is. */
    static Optional<String> weakKey(X509Certificate certificate) {
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
        } catch (RuntimeException e) {
            return Optional.of("its public key cannot be read");
        }
        ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
        try {
            if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                int bits = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(info.parsePublicKey()).getModulus().bitLength();
                return bits < MIN_RSA_BITS ? Optional.of("RSA key of " + bits + " bits (at least " + MIN_RSA_BITS + " required)") : Optional.empty();
            }
            if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                if (!(info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve)) {
                    return Optional.of("EC key with explicit curve parameters (only named curves are accepted, RFC 5480 2.1.1)");
                }
                X9ECParameters parameters = ECNamedCurveTable.getByOID(curve);
                if (parameters == null) {
                    return Optional.of("EC key on unknown curve " + curve);
                }
                int bits = parameters.getCurve().getFieldSize();
                return bits < MIN_EC_BITS ? Optional.of("EC key on a " + bits + "-bit curve (" + curve + "; at least " + MIN_EC_BITS + " bits required)")
                        : Optional.empty();
            }
            if (algorithm.equals(X9ObjectIdentifiers.id_dsa)) {
                return Optional.of("DSA key (DSA is not used in TLS 1.3 and withdrawn by FIPS 186-5)");
            }
            if (algorithm.equals(EdECObjectIdentifiers.id_Ed25519) || algorithm.equals(EdECObjectIdentifiers.id_Ed448)) {
                return Optional.empty();
            }
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.of("its public key cannot be read");
        }
        return Optional.of("key algorithm " + algorithm + " is not one the unit accepts (RSA, EC, EdDSA)");
    }

    /** Why the certificate's signature algorithm is too weak, if it is (a collision-prone digest). */
    static Optional<String> weakSignature(X509Certificate certificate) {
        return WEAK_SIGNATURES.contains(certificate.getSigAlgOID())
                ? Optional.of("signature algorithm " + certificate.getSigAlgName() + " (MD5 and SHA-1 are refused)")
                : Optional.empty();
    }
}
