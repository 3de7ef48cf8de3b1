package org.secureta.srtp.mikey;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a MIKEY message (RFC 3830 section 6) for pre-shared-key keying of SRTP. Every length is
 * checked against what remains before it is used, every loop consumes at least two bytes, and
 * everything outside the supported subset is refused with {@link MikeyException}: no other
 * exception leaves this class, whatever the input.
 */
final class MessageDecoder {

    /** Upper bound on a message; a PSK I_MESSAGE keying a few streams is about 150 bytes. */
    static final int MAX_MESSAGE_LENGTH = 4096;

    private MessageDecoder() {
    }

    static DecodedMessage decode(byte[] bytes) throws MikeyException {
        if (bytes.length > MAX_MESSAGE_LENGTH) {
            throw MikeyException.at("HDR", 0, "message of " + bytes.length + " bytes exceeds the maximum of "
                    + MAX_MESSAGE_LENGTH + " bytes");
        }
        PayloadCursor cursor = new PayloadCursor(bytes);
        cursor.enter("HDR");
        HeaderAndNext hdr = readHeader(cursor);

        List<Payload> payloads = new ArrayList<>();
        Map<PayloadType, Integer> offsets = new EnumMap<>(PayloadType.class);
        Set<Integer> policyNumbers = new HashSet<>();
        int macStart = -1;
        int next = hdr.next;
        String lastPayload = "HDR";
        int lastStart = 0;
        while (next != PayloadType.LAST.code()) {
            int start = cursor.position();
            PayloadType type = PayloadType.of(next).orElse(null);
            if (type == null) {
                cursor.enter("type " + next);
                throw cursor.error("unknown payload type " + next + " (RFC 3830 6.1)");
            }
            cursor.enter(type.label());
            if (offsets.containsKey(type) && type != PayloadType.SP && type != PayloadType.GENERAL_EXTENSION) {
                throw cursor.error("second " + type.label() + " payload in one message");
            }
            offsets.putIfAbsent(type, start);
            lastPayload = type.label();
            lastStart = start;
            next = cursor.u8("next payload");
            switch (type) {
                case T -> payloads.add(readTimestamp(cursor));
                case RAND -> payloads.add(readRand(cursor));
                case SP -> {
                    SrtpPolicy policy = SecurityPolicyDecoder.read(cursor);
                    if (!policyNumbers.add(policy.policyNo())) {
                        throw cursor.error("second SP payload for policy " + policy.policyNo());
                    }
                    payloads.add(policy);
                }
                case KEMAC -> {
                    requireLast(cursor, next, "KEMAC");
                    KemacAndMac read = readKemac(cursor);
                    macStart = read.macStart;
                    payloads.add(read.kemac);
                }
                case V -> {
                    requireLast(cursor, next, "V");
                    MacAlgorithm algorithm = readMacAlgorithm(cursor, "Auth alg");
                    macStart = cursor.position();
                    payloads.add(new Verification(algorithm, cursor.bytes("Verification data", algorithm.macLength())));
                }
                case GENERAL_EXTENSION -> {
                    int extensionType = cursor.u8("type");
                    int length = cursor.u16("length");
                    payloads.add(new GeneralExtension(extensionType, cursor.bytes("data", length)));
                }
                case KEY_DATA -> throw cursor.error("Key data is only allowed inside the KEMAC payload");
                default -> throw cursor.error("payload type " + type.code()
                        + " is not supported in pre-shared-key MIKEY (RFC 3830 3.1)");
            }
        }
        if (cursor.remaining() > 0) {
            throw MikeyException.at(lastPayload, lastStart, cursor.remaining() + " bytes follow the last payload");
        }
        MikeyMessage message = new MikeyMessage(hdr.header, payloads);
        requirePayloads(message);
        return new DecodedMessage(message, bytes, macStart < 0 ? bytes.length : macStart, offsets);
    }

    private record HeaderAndNext(CommonHeader header, int next) {
    }

    private static HeaderAndNext readHeader(PayloadCursor cursor) throws MikeyException {
        int version = cursor.u8("version");
        if (version != CommonHeader.VERSION) {
            throw cursor.error("version " + version + " not supported, only " + CommonHeader.VERSION);
        }
        int dataTypeCode = cursor.u8("data type");
        DataType dataType = DataType.of(dataTypeCode).orElse(null);
        if (dataType != DataType.PSK_INIT && dataType != DataType.PSK_VERIFICATION) {
            throw cursor.error("data type " + dataTypeCode + (dataType == null ? " (unknown)" : " (" + dataType.label() + ")")
                    + " not supported, only 0 (" + DataType.PSK_INIT.label() + ") and 1 ("
                    + DataType.PSK_VERIFICATION.label() + ")");
        }
        int next = cursor.u8("next payload");
        int vAndPrf = cursor.u8("V/PRF func");
        boolean verify = (vAndPrf & 0x80) != 0;
        int prf = vAndPrf & 0x7F;
        if (prf != CommonHeader.PRF_MIKEY_1) {
            throw cursor.error("PRF func " + prf + " not supported, only 0 (MIKEY-1)");
        }
        int csbId = cursor.u32("CSB ID");
        int count = cursor.u8("#CS");
        int mapType = cursor.u8("CS ID map type");
        if (mapType != CommonHeader.MAP_TYPE_SRTP_ID) {
            throw cursor.error("CS ID map type " + mapType + " not supported, only 0 (SRTP-ID)");
        }
        List<CryptoSession> sessions = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            int policyNo = cursor.u8("Policy_no of CS " + i);
            int ssrc = cursor.u32("SSRC of CS " + i);
            int roc = cursor.u32("ROC of CS " + i);
            sessions.add(new CryptoSession(policyNo, ssrc, roc));
        }
        return new HeaderAndNext(new CommonHeader(dataType, verify, csbId, sessions), next);
    }

    private static void requireLast(PayloadCursor cursor, int next, String name) throws MikeyException {
        if (next != PayloadType.LAST.code()) {
            // A payload after the MAC would travel unauthenticated.
            throw cursor.error(name + " must be the last payload, but next payload is " + next);
        }
    }

    private static Timestamp readTimestamp(PayloadCursor cursor) throws MikeyException {
        int tsType = cursor.u8("TS type");
        if (tsType == Timestamp.COUNTER) {
            throw cursor.error("TS type 2 (COUNTER) not supported: replay protection needs a clock, use 0 (NTP-UTC) or 1 (NTP)");
        }
        if (tsType != Timestamp.NTP_UTC && tsType != Timestamp.NTP) {
            throw cursor.error("unknown TS type " + tsType + " (allowed 0 NTP-UTC, 1 NTP)");
        }
        return new Timestamp(tsType, cursor.u64("TS value"));
    }

    private static Rand readRand(PayloadCursor cursor) throws MikeyException {
        int length = cursor.u8("RAND len");
        if (length < Rand.MIN_LENGTH) {
            throw cursor.error("RAND length " + length + " is below the " + Rand.MIN_LENGTH + " bytes required");
        }
        return new Rand(cursor.bytes("RAND", length));
    }

    private record KemacAndMac(Kemac kemac, int macStart) {
    }

    private static KemacAndMac readKemac(PayloadCursor cursor) throws MikeyException {
        int code = cursor.u8("Encr alg");
        EncryptionAlgorithm encryption = EncryptionAlgorithm.of(code);
        if (encryption == null || encryption == EncryptionAlgorithm.AES_KW_128) {
            throw cursor.error("encryption algorithm " + code + (encryption == null ? " (unknown)" : " (" + encryption.label() + ")")
                    + " not supported, only 0 (NULL) and 1 (AES-CM-128)");
        }
        int length = cursor.u16("Encr data len");
        byte[] data = cursor.bytes("Encr data", length);
        MacAlgorithm mac = readMacAlgorithm(cursor, "MAC alg");
        int macStart = cursor.position();
        return new KemacAndMac(new Kemac(encryption, data, mac, cursor.bytes("MAC", mac.macLength())), macStart);
    }

    private static MacAlgorithm readMacAlgorithm(PayloadCursor cursor, String field) throws MikeyException {
        int code = cursor.u8(field);
        MacAlgorithm algorithm = MacAlgorithm.of(code);
        if (algorithm == null) {
            throw cursor.error("unknown " + field + " " + code + " (allowed 0 NULL, 1 HMAC-SHA-1-160)");
        }
        return algorithm;
    }

    private static void requirePayloads(MikeyMessage message) throws MikeyException {
        DataType dataType = message.header().dataType();
        if (message.timestamp().isEmpty()) {
            throw MikeyException.at("HDR", 0, dataType.label() + " message without a T payload");
        }
        if (dataType == DataType.PSK_INIT) {
            if (message.kemac().isEmpty()) {
                throw MikeyException.at("HDR", 0, dataType.label() + " message without a KEMAC payload");
            }
            if (message.verification().isPresent()) {
                throw MikeyException.at("HDR", 0, dataType.label() + " message must not carry a V payload");
            }
        } else {
            if (message.verification().isEmpty()) {
                throw MikeyException.at("HDR", 0, dataType.label() + " message without a V payload");
            }
            if (message.kemac().isPresent()) {
                throw MikeyException.at("HDR", 0, dataType.label() + " message must not carry a KEMAC payload");
            }
        }
    }
}
