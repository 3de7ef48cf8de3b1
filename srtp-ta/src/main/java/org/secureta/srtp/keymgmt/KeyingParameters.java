package org.secureta.srtp.keymgmt;

import org.secureta.srtp.RtpEncryption;

/**
 * What a keying session may use.
 *
 * @param mediaCount number of media descriptions to key
 * @param encryption AES or NULL encryption of the SRTP payload
 * @param signallingSecure whether the SDP travels over TLS (SDES and NULL MIKEY need it)
 * @param preSharedKey MIKEY pre-shared key, empty when none is configured
 * @param keyLifetime the lifetime, in packets, a key management that can announce one (SDES, RFC 4568
 *                    6.1) gives the master keys we send; {@link SrtpKeys#MAX_LIFETIME} announces none
 */
public record KeyingParameters(int mediaCount, RtpEncryption encryption, boolean signallingSecure, byte[] preSharedKey,
                               long keyLifetime) {

    /** Parameters that announce no key lifetime. */
    public KeyingParameters(int mediaCount, RtpEncryption encryption, boolean signallingSecure, byte[] preSharedKey) {
        this(mediaCount, encryption, signallingSecure, preSharedKey, SrtpKeys.MAX_LIFETIME);
    }

    public KeyingParameters {
        if (keyLifetime < 1 || keyLifetime > SrtpKeys.MAX_LIFETIME) {
            throw new IllegalArgumentException("keyLifetime must be 1..2^48 packets (RFC 3711 9.2), not " + keyLifetime);
        }
        preSharedKey = preSharedKey.clone();
    }

    @Override
    public byte[] preSharedKey() {
        return preSharedKey.clone();
    }

    @Override
    public String toString() {
        // The pre-shared key is a secret: never in logs.
        return "KeyingParameters[mediaCount=" + mediaCount + ", encryption=" + encryption
                + ", signallingSecure=" + signallingSecure + ", preSharedKey=" + (preSharedKey.length > 0 ? "set" : "none")
                + ", keyLifetime=" + keyLifetime + "]";
    }
}
