package org.secureta.srtp.mikey;

import java.util.List;

/** Writes a MIKEY message (RFC 3830 section 6), computing the trailing MAC when asked to. */
final class MessageEncoder {

    /** Computes the MAC or verification data over everything written before it. */
    @FunctionalInterface
    interface MacFunction {
        byte[] mac(byte[] authenticatedPart) throws MikeyException;
    }

    private MessageEncoder() {
    }

    /** Writes the message as it is, MAC values included. */
    static byte[] encode(MikeyMessage message) {
        try {
            return encode(message, null);
        } catch (MikeyException e) {
            throw new IllegalStateException("no MAC function, nothing can fail", e);
        }
    }

    /**
     * Writes the message; a KEMAC or V payload with an HMAC algorithm gets the value of
     * {@code macFunction} over the preceding bytes instead of the one it holds.
     */
    static byte[] encode(MikeyMessage message, MacFunction macFunction) throws MikeyException {
        List<Payload> payloads = message.payloads();
        CommonHeader header = message.header();
        ByteSink sink = new ByteSink();
        sink.u8(CommonHeader.VERSION)
                .u8(header.dataType().code())
                .u8(payloads.isEmpty() ? PayloadType.LAST.code() : payloads.get(0).type().code())
                .u8((header.verificationRequested() ? 0x80 : 0) | CommonHeader.PRF_MIKEY_1)
                .u32(header.csbId())
                .u8(header.cryptoSessions().size())
                .u8(CommonHeader.MAP_TYPE_SRTP_ID);
        for (CryptoSession cs : header.cryptoSessions()) {
            sink.u8(cs.policyNo()).u32(cs.ssrc()).u32(cs.roc());
        }
        for (int i = 0; i < payloads.size(); i++) {
            Payload payload = payloads.get(i);
            boolean last = i + 1 == payloads.size();
            sink.u8(last ? PayloadType.LAST.code() : payloads.get(i + 1).type().code());
            // Pattern switches are a preview feature in Java 17: plain instanceof it is.
            if (payload instanceof Timestamp t) {
                sink.u8(t.tsType()).u64(t.ntpValue());
            } else if (payload instanceof Rand r) {
                sink.u8(r.value().length).bytes(r.value());
            } else if (payload instanceof SrtpPolicy p) {
                writePolicy(sink, p);
            } else if (payload instanceof Kemac k) {
                requireLast(last, "KEMAC");
                sink.u8(k.encryption().code()).u16(k.encryptedData().length).bytes(k.encryptedData()).u8(k.mac().code());
                sink.bytes(macValue(sink, k.mac(), k.macValue(), macFunction));
            } else if (payload instanceof Verification v) {
                requireLast(last, "V");
                sink.u8(v.algorithm().code());
                sink.bytes(macValue(sink, v.algorithm(), v.macValue(), macFunction));
            } else if (payload instanceof GeneralExtension g) {
                sink.u8(g.extensionType()).u16(g.data().length).bytes(g.data());
            }
        }
        return sink.toByteArray();
    }

    private static void requireLast(boolean last, String name) {
        if (!last) {
            throw new IllegalArgumentException(name + " must be the last payload: its MAC covers what precedes it");
        }
    }

    private static byte[] macValue(ByteSink sink, MacAlgorithm algorithm, byte[] stored, MacFunction macFunction)
            throws MikeyException {
        if (algorithm == MacAlgorithm.NULL || macFunction == null) {
            return stored;
        }
        byte[] mac = macFunction.mac(sink.toByteArray());
        if (mac.length != algorithm.macLength()) {
            throw new IllegalStateException(algorithm.label() + " MAC must be " + algorithm.macLength() + " bytes");
        }
        return mac;
    }

    private static void writePolicy(ByteSink sink, SrtpPolicy policy) {
        ByteSink params = new ByteSink();
        param(params, SrtpPolicy.ENCRYPTION_ALGORITHM, policy.aesCm() ? SrtpPolicy.ALG_AES_CM : SrtpPolicy.ALG_NULL);
        param(params, SrtpPolicy.ENCRYPTION_KEY_LENGTH, policy.aesCm() ? SrtpPolicy.KEY_LENGTH : 0);
        param(params, SrtpPolicy.AUTHENTICATION_ALGORITHM, SrtpPolicy.AUTH_HMAC_SHA_1);
        param(params, SrtpPolicy.AUTHENTICATION_KEY_LENGTH, SrtpPolicy.AUTH_KEY_LENGTH);
        param(params, SrtpPolicy.SALT_KEY_LENGTH, SrtpPolicy.SALT_LENGTH);
        param(params, SrtpPolicy.SRTP_ENCRYPTION, policy.srtpEncryption() ? 1 : 0);
        param(params, SrtpPolicy.SRTCP_ENCRYPTION, policy.srtcpEncryption() ? 1 : 0);
        param(params, SrtpPolicy.SRTP_AUTHENTICATION, 1);
        param(params, SrtpPolicy.AUTH_TAG_LENGTH, policy.authTagLength());
        byte[] body = params.toByteArray();
        sink.u8(policy.policyNo()).u8(SrtpPolicy.PROT_TYPE_SRTP).u16(body.length).bytes(body);
    }

    private static void param(ByteSink sink, int type, int value) {
        sink.u8(type).u8(1).u8(value);
    }
}
