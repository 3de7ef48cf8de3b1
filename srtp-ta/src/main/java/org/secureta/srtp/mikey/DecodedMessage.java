package org.secureta.srtp.mikey;

import java.util.Map;

/**
 * A message as read from the wire: its model, its bytes (the MAC covers them), and where things
 * were found, for later checks to name offsets too.
 *
 * @param macStart offset of the KEMAC MAC or V verification data: the MAC covers {@code [0, macStart)}
 * @param offsets  offset of the first payload of each type
 */
record DecodedMessage(MikeyMessage message, byte[] encoded, int macStart, Map<PayloadType, Integer> offsets) {

    DecodedMessage {
        encoded = encoded.clone();
        offsets = Map.copyOf(offsets);
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The bytes the MAC or verification data is computed over. */
    byte[] authenticatedPart() {
        return java.util.Arrays.copyOf(encoded, macStart);
    }

    int offsetOf(PayloadType type) {
        return offsets.getOrDefault(type, 0);
    }

    /** Where the KEMAC's encrypted data starts (after next payload, encr alg and encr data len). */
    int encryptedDataOffset() {
        return offsetOf(PayloadType.KEMAC) + 4;
    }
}
