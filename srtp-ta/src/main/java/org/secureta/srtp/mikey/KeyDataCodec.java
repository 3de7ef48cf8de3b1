package org.secureta.srtp.mikey;

import java.util.ArrayList;
import java.util.List;

/** Key data sub-payloads (RFC 3830 6.13) as they appear, once decrypted, in the KEMAC. */
final class KeyDataCodec {

    private KeyDataCodec() {
    }

    static byte[] encode(List<KeyData> keys) {
        ByteSink sink = new ByteSink();
        for (int i = 0; i < keys.size(); i++) {
            KeyData key = keys.get(i);
            sink.u8(i + 1 < keys.size() ? PayloadType.KEY_DATA.code() : PayloadType.LAST.code());
            sink.u8(key.keyType().code() << 4 | key.validity().kvType());
            sink.u16(key.key().length).bytes(key.key());
            if (key.keyType().withSalt()) {
                sink.u16(key.salt().length).bytes(key.salt());
            }
            if (key.validity() instanceof KeyValidity.Spi spi) {
                sink.u8(spi.spi().length).bytes(spi.spi());
            } else if (key.validity() instanceof KeyValidity.Interval interval) {
                sink.u8(interval.validFrom().length).bytes(interval.validFrom())
                        .u8(interval.validTo().length).bytes(interval.validTo());
            }
        }
        return sink.toByteArray();
    }

    /**
     * Reads the decrypted KEMAC data. {@code reportedBase} is where that data sits in the message,
     * so errors carry message offsets.
     */
    static List<KeyData> decode(byte[] plain, int reportedBase) throws MikeyException {
        PayloadCursor cursor = new PayloadCursor(plain, reportedBase);
        List<KeyData> keys = new ArrayList<>();
        int next;
        do {
            cursor.enter(PayloadType.KEY_DATA.label());
            next = cursor.u8("next payload");
            int typeAndKv = cursor.u8("Type/KV");
            KeyData.KeyType type = KeyData.KeyType.of(typeAndKv >>> 4);
            if (type == null) {
                throw cursor.error("unknown key type " + (typeAndKv >>> 4) + " (allowed 0 TGK, 1 TGK+SALT, 2 TEK, 3 TEK+SALT)");
            }
            int kvType = typeAndKv & 0x0F;
            int keyLength = cursor.u16("Key data len");
            byte[] key = cursor.bytes("key data", keyLength);
            byte[] salt = new byte[0];
            if (type.withSalt()) {
                int saltLength = cursor.u16("Salt len");
                salt = cursor.bytes("salt data", saltLength);
            }
            KeyValidity validity = switch (kvType) {
                case KeyValidity.NULL_TYPE -> new KeyValidity.None();
                case KeyValidity.SPI_TYPE -> new KeyValidity.Spi(cursor.bytes("SPI", cursor.u8("SPI length")));
                case KeyValidity.INTERVAL_TYPE -> {
                    byte[] from = cursor.bytes("Valid From", cursor.u8("VF length"));
                    byte[] to = cursor.bytes("Valid To", cursor.u8("VT length"));
                    yield new KeyValidity.Interval(from, to);
                }
                default -> throw cursor.error("unknown KV type " + kvType + " (allowed 0 NULL, 1 SPI/MKI, 2 Interval)");
            };
            if (next != PayloadType.KEY_DATA.code() && next != PayloadType.LAST.code()) {
                throw cursor.error("next payload " + next + " inside the KEMAC: only 20 (Key data) or 0 (Last)");
            }
            keys.add(new KeyData(type, key, salt, validity));
        } while (next == PayloadType.KEY_DATA.code());
        if (cursor.remaining() > 0) {
            throw cursor.error(cursor.remaining() + " bytes follow the last Key data sub-payload");
        }
        return keys;
    }
}
