package org.secureta.srtp.mikey;

/**
 * How a KEMAC is protected, and the rule for accepting it: the key material travels in clear or
 * unauthenticated unless both AES-CM-128 and HMAC-SHA-1-160 are used, which is only acceptable
 * when the SDP itself travels over TLS.
 */
final class KemacProtection {

    private KemacProtection() {
    }

    static boolean fullyProtected(Kemac kemac) {
        return kemac.encryption() == EncryptionAlgorithm.AES_CM_128 && kemac.mac() == MacAlgorithm.HMAC_SHA_1_160;
    }

    static boolean needsPreSharedKey(Kemac kemac) {
        return kemac.encryption() == EncryptionAlgorithm.AES_CM_128 || kemac.mac() == MacAlgorithm.HMAC_SHA_1_160;
    }

    static void check(Kemac kemac, int offset, boolean signallingSecure, boolean havePreSharedKey) throws MikeyException {
        if (!fullyProtected(kemac) && !signallingSecure) {
            throw MikeyException.at("KEMAC", offset, "encryption " + kemac.encryption().label() + " with MAC "
                    + kemac.mac().label() + " exposes or leaves unauthenticated the SRTP keys; accepted only over secure (TLS) "
                    + "signalling, and this SDP did not arrive over TLS");
        }
        if (needsPreSharedKey(kemac) && !havePreSharedKey) {
            throw MikeyException.at("KEMAC", offset, "protected with " + kemac.encryption().label() + " / " + kemac.mac().label()
                    + " but no MIKEY pre-shared key is configured (SecureTA.MikeyPreSharedKey)");
        }
    }
}
