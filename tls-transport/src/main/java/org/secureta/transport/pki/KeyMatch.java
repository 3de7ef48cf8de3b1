package org.secureta.transport.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

/**
 * Whether a private key belongs to a certificate. An RSA key in CRT form (what every PEM and
 * PKCS#12 RSA key is) is checked by arithmetic: the same modulus and public exponent as the
 * certificate's key, and its own parts consistent with each other (p q = n, e d = 1 modulo p-1
 * and q-1, the CRT exponents and coefficient derived from them), as OpenSSL's RSA_check_key does
 * bar the primality tests. That proves what a signature round trip proves, without an RSA private
 * operation, which a unit paid at every start in code the JIT had not compiled yet (issue 19).
 * Other keys (EC, RSA without CRT parts) are proven by signing a random challenge and verifying it
 * with the certificate's public key.
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
        if (privateKey instanceof RSAPrivateCrtKey crt && publicKey instanceof RSAPublicKey rsa) {
            return rsaPair(crt, rsa);
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

    private static boolean rsaPair(RSAPrivateCrtKey key, RSAPublicKey certificateKey) {
        BigInteger n = key.getModulus();
        BigInteger e = key.getPublicExponent();
        BigInteger p = key.getPrimeP();
        BigInteger q = key.getPrimeQ();
        BigInteger d = key.getPrivateExponent();
        if (n == null || e == null || p == null || q == null || d == null || key.getPrimeExponentP() == null
                || key.getPrimeExponentQ() == null || key.getCrtCoefficient() == null || p.signum() <= 0 || q.signum() <= 0) {
            return false;
        }
        if (!n.equals(certificateKey.getModulus()) || !e.equals(certificateKey.getPublicExponent()) || !p.multiply(q).equals(n)) {
            return false;
        }
        BigInteger pMinus1 = p.subtract(BigInteger.ONE);
        BigInteger qMinus1 = q.subtract(BigInteger.ONE);
        BigInteger ed = e.multiply(d);
        return ed.mod(pMinus1).equals(BigInteger.ONE)
                && ed.mod(qMinus1).equals(BigInteger.ONE)
                && d.mod(pMinus1).equals(key.getPrimeExponentP())
                && d.mod(qMinus1).equals(key.getPrimeExponentQ())
                && key.getCrtCoefficient().multiply(q).mod(p).equals(BigInteger.ONE);
    }
}
