package org.secureta.transport.pki;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A private key belongs to a public key, or it does not: RSA by its arithmetic, other keys by a signature. */
class KeyMatchTest {

    private static KeyPair rsa;
    private static KeyPair otherRsa;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        otherRsa = generator.generateKeyPair();
    }

    @Test
    void anRsaKeyMatchesItsOwnPublicKeyOnly() {
        assertTrue(KeyMatch.matches(rsa.getPrivate(), rsa.getPublic()));
        assertFalse(KeyMatch.matches(rsa.getPrivate(), otherRsa.getPublic()));
        assertFalse(KeyMatch.matches(otherRsa.getPrivate(), rsa.getPublic()));
    }

    @Test
    void anRsaKeyWithTheRightModulusButADamagedPrivateExponentDoesNotMatch() throws Exception {
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa.getPrivate();
        PrivateKey damaged = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(key.getModulus(), key.getPublicExponent(),
                key.getPrivateExponent().add(BigInteger.TWO), key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(),
                key.getPrimeExponentQ(), key.getCrtCoefficient()));
        assertFalse(KeyMatch.matches(damaged, rsa.getPublic()));
    }

    @Test
    void anRsaKeyWithADamagedCrtCoefficientDoesNotMatch() throws Exception {
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa.getPrivate();
        PrivateKey damaged = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(key.getModulus(), key.getPublicExponent(),
                key.getPrivateExponent(), key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(),
                key.getPrimeExponentQ(), key.getCrtCoefficient().add(BigInteger.ONE)));
        assertFalse(KeyMatch.matches(damaged, rsa.getPublic()));
    }

    @Test
    void anRsaKeyWithoutCrtPartsIsProvenByASignature() throws Exception {
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa.getPrivate();
        PrivateKey plain = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateKeySpec(key.getModulus(), key.getPrivateExponent()));
        assertTrue(KeyMatch.matches(plain, rsa.getPublic()));
        assertFalse(KeyMatch.matches(plain, otherRsa.getPublic()));
    }

    @Test
    void anEcKeyMatchesItsOwnPublicKeyAndNeverAnRsaOne() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = generator.generateKeyPair();
        KeyPair otherEc = generator.generateKeyPair();
        assertTrue(KeyMatch.matches(ec.getPrivate(), ec.getPublic()));
        assertFalse(KeyMatch.matches(ec.getPrivate(), otherEc.getPublic()));
        assertFalse(KeyMatch.matches(ec.getPrivate(), rsa.getPublic()));
        assertFalse(KeyMatch.matches(rsa.getPrivate(), ec.getPublic()));
    }
}
