package org.secureta.transport.pki;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * Whether a private key belongs to a certificate. Proven by signing a random challenge and
 * verifying it with the certificate's public key, which works the same for RSA and EC keys
 * and does not depend on how either was encoded.
 */
public final class KeyMatch {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMatch() {
    }

    public static boolean matches(PrivateKey privateKey, X509Certificate certificate) {
        return matches(privateKey, certificate.getPublicKey());
    }

    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (!privateKey.getAlgorithm().equalsIgnoreCase(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            String algorithm = KeyType.signatureAlgorithmFor(privateKey.getAlgorithm());
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Different curves, damaged keys, unsupported algorithms: in every case not a pair.
            return false;
        }
    }
}
