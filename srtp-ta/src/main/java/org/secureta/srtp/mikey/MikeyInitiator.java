package org.secureta.srtp.mikey;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds the initiator's I_MESSAGE (RFC 3830 3.1): HDR, T, RAND, SP, KEMAC.
 *
 * <p>With a pre-shared key the KEMAC carries one random 16-byte TGK, encrypted with AES-CM-128
 * and authenticated with HMAC-SHA-1-160 under keys derived from the pre-shared key, and the V bit
 * asks the responder for a verification message. Without one, and only over TLS signalling, the
 * KEMAC is NULL-encrypted and NULL-MACed and carries a random TEK per crypto session in
 * GStreamer's layout (master key and salt in one 30-byte TEK), without the V bit.
 */
final class MikeyInitiator {

    static final int RAND_LENGTH = 16;
    static final int TGK_LENGTH = 16;

    private final byte[] preSharedKey;
    private final boolean signallingSecure;
    private final SecureRandom random;
    private final ReplayCache replayCache;

    MikeyInitiator(byte[] preSharedKey, boolean signallingSecure, SecureRandom random, ReplayCache replayCache) {
        this.preSharedKey = preSharedKey.clone();
        this.signallingSecure = signallingSecure;
        this.random = random;
        this.replayCache = replayCache;
    }

    /**
     * @param cryptoSessions one per SRTP stream bundle to key; SSRC 0 and ROC 0 when not known yet
     */
    InitiatorExchange start(List<CryptoSession> cryptoSessions, List<SrtpPolicy> policies) throws MikeyException {
        boolean withPsk = preSharedKey.length > 0;
        if (!withPsk && !signallingSecure) {
            throw new MikeyException("MIKEY offer: no pre-shared key is configured (SecureTA.MikeyPreSharedKey) and the "
                    + "signalling is not secure, so the SRTP keys could travel neither encrypted nor over TLS");
        }
        int csbId = random.nextInt();
        byte[] rand = bytes(RAND_LENGTH);
        Timestamp timestamp = Timestamp.ntpUtc(replayCache.clock().instant());
        CommonHeader header = new CommonHeader(DataType.PSK_INIT, withPsk, csbId, cryptoSessions);

        List<KeyData> keyData = new ArrayList<>();
        if (withPsk) {
            keyData.add(new KeyData(KeyData.KeyType.TGK, bytes(TGK_LENGTH), new byte[0], new KeyValidity.None()));
        } else {
            for (int i = 0; i < cryptoSessions.size(); i++) {
                keyData.add(new KeyData(KeyData.KeyType.TEK, bytes(KeyDerivation.TEK_LENGTH + KeyDerivation.TEK_SALT_LENGTH),
                        new byte[0], new KeyValidity.None()));
            }
        }
        byte[] plain = KeyDataCodec.encode(keyData);
        MessageKeys keys = withPsk ? KeyDerivation.messageKeys(preSharedKey, csbId, rand) : null;
        Kemac kemac = withPsk
                ? new Kemac(EncryptionAlgorithm.AES_CM_128, keys.aesCm(plain, csbId, timestamp.ntpValue()),
                        MacAlgorithm.HMAC_SHA_1_160, new byte[MacAlgorithm.HMAC_SHA_1_160.macLength()])
                : new Kemac(EncryptionAlgorithm.NULL, plain, MacAlgorithm.NULL, new byte[0]);

        List<Payload> payloads = new ArrayList<>();
        payloads.add(timestamp);
        payloads.add(new Rand(rand));
        payloads.addAll(policies);
        payloads.add(kemac);
        MikeyMessage message = new MikeyMessage(header, payloads);
        byte[] encoded = MessageEncoder.encode(message, keys == null ? null : keys::hmac);
        List<TrafficKeys> traffic = KeySchedule.trafficKeys(header, rand, keyData, 0);
        return new InitiatorExchange(message, encoded, keys, Collections.unmodifiableList(traffic), replayCache);
    }

    private byte[] bytes(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }
}
