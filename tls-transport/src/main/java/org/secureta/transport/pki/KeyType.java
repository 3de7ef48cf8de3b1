package org.secureta.transport.pki;

import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/** Key pairs the unit can hold. RSA 2048 is what the unit's web page generates; EC P-256 is the modern choice. */
public enum KeyType {
    RSA_2048("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), "SHA256withRSA"),
    EC_P256("EC", new ECGenParameterSpec("secp256r1"), "SHA256withECDSA");

    private final String algorithm;
    private final AlgorithmParameterSpec parameters;
    private final String signatureAlgorithm;

    KeyType(String algorithm, AlgorithmParameterSpec parameters, String signatureAlgorithm) {
        this.algorithm = algorithm;
        this.parameters = parameters;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The JCA key algorithm name ("RSA" or "EC"). */
    public String algorithm() {
        return algorithm;
    }

    AlgorithmParameterSpec parameters() {
        return parameters;
    }

    /** The signature algorithm a certificate authority of this key type signs with. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** The signature algorithm that goes with a key of the given JCA algorithm ("RSA" or "EC"). */
    static String signatureAlgorithmFor(String keyAlgorithm) {
        for (KeyType type : values()) {
            if (type.algorithm.equalsIgnoreCase(keyAlgorithm)) {
                return type.signatureAlgorithm;
            }
        }
        throw new IllegalArgumentException("unsupported key algorithm " + keyAlgorithm + " (RSA or EC)");
    }
}
