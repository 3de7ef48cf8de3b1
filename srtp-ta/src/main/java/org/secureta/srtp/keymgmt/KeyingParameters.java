package org.secureta.srtp.keymgmt;

import org.secureta.srtp.RtpEncryption;

/**
 * What a keying session may use. The call agent gives the first three, which belong to the call;
 * the last two are a method's own settings, which the method itself adds from its configuration
 * when it opens a session (the call agent always passes none of them).
 *
 * @param mediaCount number of media descriptions to key
 * @param encryption AES or NULL encryption of the SRTP payload
 * @param signallingSecure whether the SDP travels over TLS (SDES and NULL MIKEY need it)
 * @param preSharedKey a method's pre-shared key (MIKEY's, from its own configuration), empty when none
 * @param keyLifetime the lifetime, in packets, a key management that can announce one (SDES, RFC 4568
 *                    6.1) gives the master keys we send, from its own configuration;
 *                    {@link SrtpKeys#MAX_LIFETIME} announces none
 */
public record KeyingParameters(int mediaCount, RtpEncryption encryption, boolean signallingSecure, byte[] preSharedKey,
                               long keyLifetime) {

    /** The call's parameters, as the call agent gives them: no method setting. */
    public KeyingParameters(int mediaCount, RtpEncryption encryption, boolean signallingSecure) {
        this(mediaCount, encryption, signallingSecure, new byte[0], SrtpKeys.MAX_LIFETIME);
    }

    /** These parameters with a method's own settings added. */
    public KeyingParameters withMethodSettings(byte[] methodPreSharedKey, long methodKeyLifetime) {
        return new KeyingParameters(mediaCount, encryption, signallingSecure, methodPreSharedKey, methodKeyLifetime);
    }

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
