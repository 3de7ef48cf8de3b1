package org.secureta.transport.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Private keys in and out: PKCS#8 "PRIVATE KEY" (RFC 5208), PKCS#1 "RSA PRIVATE KEY" (RFC 8017
 * A.1.2) and SEC 1 "EC PRIVATE KEY" (RFC 5915) are read; PEM in any of the three is written. RSA
 * and EC keys only. Encoded key bytes are cleared once used.
 */
final class PrivateKeyCodec {

    private PrivateKeyCodec() {
    }

    static PrivateKey decode(String label, byte[] der, String source, String where) throws PkiException {
        if ("PRIVATE KEY".equals(label)) {
            PrivateKey key = jdkPkcs8(der);
            if (key != null) {
                return key;
            }
            // Not RSA or EC, or damaged: the ASN.1 reading below says which.
        }
        PrivateKeyInfo info;
        try {
            info = switch (label) {
                case "PRIVATE KEY" -> PrivateKeyInfo.getInstance(der);
                case "RSA PRIVATE KEY" -> new PrivateKeyInfo(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), RSAPrivateKey.getInstance(der));
                default -> {
                    org.bouncycastle.asn1.sec.ECPrivateKey ec = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
                    if (ec.getParametersObject() == null) {
                        throw new PkiException(source, PkiException.Problem.UNSUPPORTED, where + " is an EC key that does not name its curve");
                    }
                    yield new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject()), ec);
                }
            };
        } catch (IOException | RuntimeException e) {
            throw new PkiException(source, PkiException.Problem.CORRUPT, where + " is not a valid private key (truncated or damaged)", e);
        }
        String algorithm = keyAlgorithm(info, source, where);
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException(source, PkiException.Problem.CORRUPT, where + " is not a valid " + algorithm + " private key", e);
        }
    }

    /**
     * A PKCS#8 key (RFC 5208) read by the JDK alone, or null. A unit's own key is PKCS#8 (what
     * {@code ta certs} and {@code openssl genpkey} write) and is read at every start: the JDK's
     * key factories check the algorithm identifier themselves, so Bouncy Castle's ASN.1 classes
     * (about a hundred, from a signed jar that the class-data archive cannot hold) are loaded only
     * for the traditional encodings and for the error message of a key the JDK refuses.
     */
    private static PrivateKey jdkPkcs8(byte[] der) {
        for (String algorithm : new String[]{"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException notThisAlgorithm) {
                // try the next one; the caller explains a key that neither reads
            }
        }
        return null;
    }

    private static String keyAlgorithm(PrivateKeyInfo info, String source, String where) throws PkiException {
        var oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return "RSA";
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            return "EC";
        }
        throw new PkiException(source, PkiException.Problem.UNSUPPORTED, where + " uses key algorithm " + oid + "; the unit supports RSA and EC keys");
    }

    static byte[] encodePem(PrivateKey key, KeyEncoding encoding, String target) throws PkiException {
        byte[] pkcs8 = key.getEncoded();
        if (pkcs8 == null) {
            throw new PkiException(target, PkiException.Problem.UNSUPPORTED, "the key cannot be exported (hardware or non-extractable key)");
        }
        try {
            if (encoding == KeyEncoding.PKCS8) {
                return PemEncoder.block("PRIVATE KEY", pkcs8).getBytes(StandardCharsets.US_ASCII);
            }
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
            if (key instanceof ECPrivateKey ec) {
                // The JDK keeps the curve only in the PKCS#8 AlgorithmIdentifier; SEC 1 wants it inside.
                var traditional = new org.bouncycastle.asn1.sec.ECPrivateKey(
                        ec.getParams().getOrder().bitLength(), ec.getS(), info.getPrivateKeyAlgorithm().getParameters());
                return PemEncoder.block("EC PRIVATE KEY", traditional.getEncoded()).getBytes(StandardCharsets.US_ASCII);
            }
            if ("RSA".equals(key.getAlgorithm())) {
                return PemEncoder.block("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded()).getBytes(StandardCharsets.US_ASCII);
            }
            throw new PkiException(target, PkiException.Problem.UNSUPPORTED, "no traditional PEM encoding for " + key.getAlgorithm() + " keys");
        } catch (IOException e) {
            throw new PkiException(target, PkiException.Problem.WRITE_FAILED, "cannot encode private key", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }
}
