package org.secureta.srtp.keymgmt;

import org.secureta.srtp.RtpEncryption;

/**
 * What a keying session may use.
 *
 * @param mediaCount number of media descriptions to key
 * @param encryption AES or NULL encryption of the SRTP payload
 * @param signallingSecure whether the SDP travels over TLS (SDES and NULL MIKEY need it)
 * @param preSharedKey MIKEY pre-shared key, empty when none is configured
 */
public record KeyingParameters(int mediaCount, RtpEncryption encryption, boolean signallingSecure, byte[] preSharedKey) {

    public KeyingParameters {
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
                + ", signallingSecure=" + signallingSecure + ", preSharedKey=" + (preSharedKey.length > 0 ? "set" : "none") + "]";
    }
}
