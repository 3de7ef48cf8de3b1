package org.secureta.srtp.mikey;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Processes an I_MESSAGE (RFC 3830 5.3): freshness, then the KEMAC's protection rule and MAC,
 * then replay, then decryption and key derivation; and builds the verification message when the
 * V bit asks for one. Cheap checks come first and nothing is decrypted before it is
 * authenticated.
 */
final class MikeyResponder {

    private final byte[] preSharedKey;
    private final boolean signallingSecure;
    private final ReplayCache replayCache;

    MikeyResponder(byte[] preSharedKey, boolean signallingSecure, ReplayCache replayCache) {
        this.preSharedKey = preSharedKey.clone();
        this.signallingSecure = signallingSecure;
        this.replayCache = replayCache;
    }

    /** What an accepted I_MESSAGE gave: keys and policy per crypto session, and our verification message. */
    record Result(MikeyMessage offer, List<TrafficKeys> trafficKeys, Optional<byte[]> verificationMessage) {

        /** The crypto session of each keyed stream: the CS ID map, or {@code (0, 0, 0)} per stream when #CS is 0. */
        List<CryptoSession> cryptoSessions() {
            List<CryptoSession> map = offer.header().cryptoSessions();
            return map.isEmpty() ? java.util.Collections.nCopies(trafficKeys.size(), new CryptoSession(0, 0, 0)) : map;
        }
    }

    /** As {@link #respond(byte[], int)} for a context that keys nothing without a CS ID map: #CS 0 is refused. */
    Result respond(byte[] bytes) throws MikeyException {
        return respond(bytes, 0);
    }

    /**
     * @param streamsWithoutMap how many SRTP streams a message with #CS 0 keys (the streams its
     *     {@code key-mgmt} attribute applies to), or 0 to refuse such a message. RFC 3830 6.1 lets
     *     #CS be 0 (the CSB then holds no crypto session yet); GStreamer's
     *     {@code gst_mikey_message_new_from_caps} sends exactly that, with the SRTP key itself as a TEK.
     *     Such a message keys those streams with its TEK(s) and the policy numbered 0, SSRC unknown
     *     and ROC 0, as a crypto session {@code (0, 0, 0)} in the map would.
     */
    Result respond(byte[] bytes, int streamsWithoutMap) throws MikeyException {
        DecodedMessage decoded = MessageDecoder.decode(bytes);
        MikeyMessage message = decoded.message();
        CommonHeader header = message.header();
        if (header.dataType() != DataType.PSK_INIT) {
            throw MikeyException.at("HDR", 0, "expected a " + DataType.PSK_INIT.label() + " message, got "
                    + header.dataType().label());
        }
        if (header.cryptoSessions().isEmpty() && streamsWithoutMap < 1) {
            throw MikeyException.at("HDR", 0, "#CS is 0: the message keys no crypto session");
        }
        int streams = header.cryptoSessions().isEmpty() ? streamsWithoutMap : header.cryptoSessions().size();
        Timestamp timestamp = message.timestamp().orElseThrow();
        int tOffset = decoded.offsetOf(PayloadType.T);
        replayCache.checkFresh(timestamp, tOffset);

        Unlocked unlocked = unlock(decoded, preSharedKey, signallingSecure);
        byte[] rand = unlocked.rand();
        replayCache.remember(DataType.PSK_INIT, header.csbId(), timestamp, rand == null ? new byte[0] : rand, tOffset);
        List<TrafficKeys> traffic = unlocked.trafficKeys(decoded, streams);
        MessageKeys keys = unlocked.keys();
        Optional<byte[]> verification = header.verificationRequested()
                ? Optional.of(verificationMessage(header, timestamp, keys))
                : Optional.empty();
        return new Result(message, traffic, verification);
    }

    /** A PSK_INIT message whose KEMAC passed its protection rule and MAC: its message keys (null without a PSK) and RAND. */
    record Unlocked(MessageKeys keys, byte[] rand) {

        /** Decrypts the KEMAC's key data (RFC 3830 5.3 step 4) and derives the SRTP keys of {@code streams} crypto sessions. */
        List<TrafficKeys> trafficKeys(DecodedMessage decoded, int streams) throws MikeyException {
            MikeyMessage message = decoded.message();
            CommonHeader header = message.header();
            Kemac kemac = message.kemac().orElseThrow();
            byte[] plain = kemac.encryption() == EncryptionAlgorithm.AES_CM_128
                    ? keys.aesCm(kemac.encryptedData(), header.csbId(), message.timestamp().orElseThrow().ntpValue())
                    : kemac.encryptedData();
            List<KeyData> keyData = KeyDataCodec.decode(plain, decoded.encryptedDataOffset());
            return KeySchedule.trafficKeys(header, rand, keyData, decoded.encryptedDataOffset(), streams);
        }
    }

    /**
     * The KEMAC's protection rule, then its MAC (RFC 3830 5.3 steps 2 and 3): shared by the
     * responder, which checks freshness and replay first, and by {@link CapturedMikey}, which reads
     * an old message from a capture and so checks neither.
     */
    static Unlocked unlock(DecodedMessage decoded, byte[] preSharedKey, boolean signallingSecure) throws MikeyException {
        MikeyMessage message = decoded.message();
        CommonHeader header = message.header();
        Kemac kemac = message.kemac().orElseThrow();
        int kemacOffset = decoded.offsetOf(PayloadType.KEMAC);
        KemacProtection.check(kemac, kemacOffset, signallingSecure, preSharedKey.length > 0);
        byte[] rand = message.rand().map(Rand::value).orElse(null);
        MessageKeys keys = null;
        if (KemacProtection.needsPreSharedKey(kemac)) {
            if (rand == null) {
                throw MikeyException.at("HDR", 0, "a message protected by the pre-shared key needs a RAND payload (RFC 3830 3.1)");
            }
            keys = KeyDerivation.messageKeys(preSharedKey, header.csbId(), rand);
        }
        if (kemac.mac() == MacAlgorithm.HMAC_SHA_1_160 && !keys.verify(kemac.macValue(), decoded.authenticatedPart())) {
            throw MikeyException.at("KEMAC", kemacOffset, "MAC verification failed: different pre-shared key or altered message");
        }
        return new Unlocked(keys, rand);
    }

    /** HDR, T, V (RFC 3830 3.1); V = HMAC(auth_key, message up to the verification data || T_i). */
    private byte[] verificationMessage(CommonHeader offer, Timestamp initiatorT, MessageKeys keys) throws MikeyException {
        CommonHeader header = new CommonHeader(DataType.PSK_VERIFICATION, false, offer.csbId(), offer.cryptoSessions());
        MacAlgorithm algorithm = keys == null ? MacAlgorithm.NULL : MacAlgorithm.HMAC_SHA_1_160;
        MikeyMessage response = new MikeyMessage(header, List.of(
                Timestamp.ntpUtc(replayCache.clock().instant()),
                new Verification(algorithm, new byte[algorithm.macLength()])));
        byte[] t = ByteBuffer.allocate(8).putLong(initiatorT.ntpValue()).array();
        return MessageEncoder.encode(response, keys == null ? null : prefix -> keys.hmac(prefix, t));
    }
}
