package org.secureta.srtp.mikey;

import java.nio.ByteBuffer;
import java.util.List;

/** An I_MESSAGE we sent, waiting for the responder's verification message if we asked for one. */
final class InitiatorExchange {

    private final MikeyMessage offer;
    private final byte[] encoded;
    private final MessageKeys keys;
    private final List<TrafficKeys> trafficKeys;
    private final ReplayCache replayCache;

    InitiatorExchange(MikeyMessage offer, byte[] encoded, MessageKeys keys, List<TrafficKeys> trafficKeys,
            ReplayCache replayCache) {
        this.offer = offer;
        this.encoded = encoded;
        this.keys = keys;
        this.trafficKeys = trafficKeys;
        this.replayCache = replayCache;
    }

    byte[] message() {
        return encoded.clone();
    }

    MikeyMessage offer() {
        return offer;
    }

    boolean verificationRequested() {
        return offer.header().verificationRequested();
    }

    /** Keys of each crypto session, CS ID 1 first. */
    List<TrafficKeys> trafficKeys() {
        return trafficKeys;
    }

    /**
     * Checks the responder's verification message (RFC 3830 3.1, 5.2): same CSB ID and crypto
     * sessions, a fresh timestamp, and verification data equal to HMAC(auth_key, message up to
     * the verification data || T of our I_MESSAGE). No ID payloads are exchanged, so none enter
     * the MAC.
     */
    void acceptVerification(byte[] response) throws MikeyException {
        DecodedMessage decoded = MessageDecoder.decode(response);
        MikeyMessage message = decoded.message();
        CommonHeader header = message.header();
        if (header.dataType() != DataType.PSK_VERIFICATION) {
            throw MikeyException.at("HDR", 0, "expected a " + DataType.PSK_VERIFICATION.label() + " message, got "
                    + header.dataType().label());
        }
        if (header.csbId() != offer.header().csbId()) {
            throw MikeyException.at("HDR", 0, "CSB ID " + header.csbIdHex() + " does not match the offer's "
                    + offer.header().csbIdHex());
        }
        if (!header.cryptoSessions().equals(offer.header().cryptoSessions())) {
            throw MikeyException.at("HDR", 0, "crypto session map differs from the offer's");
        }
        Timestamp timestamp = message.timestamp().orElseThrow();
        int tOffset = decoded.offsetOf(PayloadType.T);
        replayCache.checkFresh(timestamp, tOffset);
        Verification verification = message.verification().orElseThrow();
        int vOffset = decoded.offsetOf(PayloadType.V);
        if (keys != null) {
            if (verification.algorithm() != MacAlgorithm.HMAC_SHA_1_160) {
                throw MikeyException.at("V", vOffset, "Auth alg " + verification.algorithm().label()
                        + " is not acceptable for an offer protected by the pre-shared key (allowed HMAC-SHA-1-160)");
            }
            byte[] initiatorT = ByteBuffer.allocate(8).putLong(offer.timestamp().orElseThrow().ntpValue()).array();
            if (!keys.verify(verification.macValue(), decoded.authenticatedPart(), initiatorT)) {
                throw MikeyException.at("V", vOffset, "verification MAC mismatch: different pre-shared key or altered message");
            }
        } else if (verification.algorithm() != MacAlgorithm.NULL) {
            throw MikeyException.at("V", vOffset, "verification data under " + verification.algorithm().label()
                    + " cannot be checked: our offer used no pre-shared key");
        }
        replayCache.remember(DataType.PSK_VERIFICATION, header.csbId(), timestamp, new byte[0], tOffset);
    }

    @Override
    public String toString() {
        return "InitiatorExchange[CSB ID " + offer.header().csbIdHex() + "]";
    }
}
