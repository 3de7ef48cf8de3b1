package org.secureta.srtp.mikey;

import static org.secureta.srtp.mikey.SrtpPolicy.*;

/**
 * Reads the body of an SP payload with SRTP policy parameters (RFC 3830 6.10, 6.10.1). Parameters
 * start from the RFC defaults; a parameter of unknown type, or a value the SRTP engine cannot
 * honour, is an error naming the parameter, its offset and the allowed values.
 */
final class SecurityPolicyDecoder {

    private SecurityPolicyDecoder() {
    }

    /** Reads from just after the SP payload's "next payload" field. */
    static SrtpPolicy read(PayloadCursor cursor) throws MikeyException {
        int policyNo = cursor.u8("Policy no");
        int protType = cursor.u8("Prot type");
        if (protType != PROT_TYPE_SRTP) {
            throw cursor.error("prot type " + protType + " not supported, only 0 (SRTP)");
        }
        int length = cursor.u16("Policy param length");
        if (length > cursor.remaining()) {
            throw cursor.error("policy param length " + length + " exceeds remaining " + cursor.remaining() + " bytes");
        }
        int end = cursor.position() + length;
        Values values = new Values();
        while (cursor.position() < end) {
            int paramOffset = cursor.reportedOffset(cursor.position());
            int type = cursor.u8("policy param type");
            int valueLength = cursor.u8("policy param length");
            if (cursor.position() + valueLength > end) {
                throw cursor.error("parameter type " + type + " at offset " + paramOffset + ": length " + valueLength
                        + " runs past the end of the policy params");
            }
            byte[] value = cursor.bytes("policy param value", valueLength);
            values.apply(cursor, type, value, paramOffset);
        }
        return values.toPolicy(cursor, policyNo);
    }

    /** Parameters as read so far, starting from the RFC 3830 6.10.1 defaults. */
    private static final class Values {
        boolean aesCm = true;
        int encryptionKeyLength = KEY_LENGTH;
        boolean srtpEncryption = true;
        boolean srtcpEncryption = true;
        /** Parameter 11 as sent, or -1 when absent (the RFC 3830 6.10.1 default of 10 bytes then applies). */
        int authTagLength = -1;
        /** The tag length GStreamer meant by writing 10 or 4 in parameter 3, or -1 when parameter 3 was 20 or absent. */
        int tagFromKeyLength = -1;
        int keyLengthOffset;
        int tagLengthOffset;

        void apply(PayloadCursor cursor, int type, byte[] value, int offset) throws MikeyException {
            switch (type) {
                case ENCRYPTION_ALGORITHM -> {
                    int alg = single(cursor, "encryption algorithm", value, offset);
                    if (alg == ALG_AES_F8) {
                        throw bad(cursor, "encryption algorithm", offset, "2 (AES-F8) is not supported", "0 (NULL), 1 (AES-CM)");
                    }
                    if (alg != ALG_NULL && alg != ALG_AES_CM) {
                        throw bad(cursor, "encryption algorithm", offset, alg + " is unknown", "0 (NULL), 1 (AES-CM)");
                    }
                    aesCm = alg == ALG_AES_CM;
                }
                case ENCRYPTION_KEY_LENGTH -> encryptionKeyLength = single(cursor, "session encryption key length", value, offset);
                case AUTHENTICATION_ALGORITHM -> expect(cursor, "authentication algorithm", value, offset, AUTH_HMAC_SHA_1,
                        "1 (HMAC-SHA-1); SRTP must be authenticated");
                case AUTHENTICATION_KEY_LENGTH -> authenticationKeyLength(cursor, value, offset);
                case SALT_KEY_LENGTH -> expect(cursor, "session salt key length", value, offset, SALT_LENGTH, "14");
                case SRTP_PRF -> expect(cursor, "SRTP PRF", value, offset, 0, "0 (AES-CM)");
                case KEY_DERIVATION_RATE -> {
                    if (value.length < 1 || value.length > 4) {
                        throw bad(cursor, "key derivation rate", offset, "length " + value.length, "1 to 4 bytes");
                    }
                    for (byte b : value) {
                        if (b != 0) {
                            throw bad(cursor, "key derivation rate", offset, "a non-zero rate is not supported", "0");
                        }
                    }
                }
                case SRTP_ENCRYPTION -> srtpEncryption = flag(cursor, "SRTP encryption", value, offset);
                case SRTCP_ENCRYPTION -> srtcpEncryption = flag(cursor, "SRTCP encryption", value, offset);
                case FEC_ORDER -> expect(cursor, "sender's FEC order", value, offset, 0, "0 (FEC-SRTP)");
                case SRTP_AUTHENTICATION -> expect(cursor, "SRTP authentication", value, offset, 1,
                        "1 (on); SRTP must be authenticated");
                case AUTH_TAG_LENGTH -> {
                    int tag = single(cursor, "authentication tag length", value, offset);
                    if (tag != 10 && tag != 4) {
                        throw bad(cursor, "authentication tag length", offset, tag + " bytes", "10, 4");
                    }
                    authTagLength = tag;
                    tagLengthOffset = offset;
                }
                case PREFIX_LENGTH -> expect(cursor, "SRTP prefix length", value, offset, 0, "0");
                default -> throw cursor.error("unknown SRTP policy parameter type " + type + " at offset " + offset
                        + " (RFC 3830 6.10.1 defines 0 to 12)");
            }
        }

        SrtpPolicy toPolicy(PayloadCursor cursor, int policyNo) throws MikeyException {
            boolean lengthOk = aesCm ? encryptionKeyLength == KEY_LENGTH
                    : encryptionKeyLength == KEY_LENGTH || encryptionKeyLength == 0;
            if (!lengthOk) {
                throw cursor.error("session encryption key length " + encryptionKeyLength + " not supported with "
                        + (aesCm ? "AES-CM (allowed 16)" : "NULL encryption (allowed 0, 16)"));
            }
            return new SrtpPolicy(policyNo, aesCm, srtpEncryption, srtcpEncryption, tagLength(cursor));
        }

        /**
         * Parameter 3 is the length of the SRTP session authentication key, 20 bytes for
         * HMAC-SHA-1 (RFC 3830 6.10.1, RFC 3711 8.2). GStreamer ({@code gst_mikey_message_new_from_caps},
         * as gst-rtsp-server and ONVIF cameras send it) writes the authentication TAG length there
         * instead: 10 for hmac-sha1-80, 4 for hmac-sha1-32, and sends no parameter 11. A 10- or 4-byte
         * HMAC-SHA-1 key is something no SRTP stack derives, so these two values can only mean
         * GStreamer's tag length: they select the tag, and the session authentication key stays the
         * 20 bytes the SRTP engine always derives (nothing is shortened). Any other value is refused.
         */
        private void authenticationKeyLength(PayloadCursor cursor, byte[] value, int offset) throws MikeyException {
            int length = single(cursor, "session authentication key length", value, offset);
            if (length == 10 || length == 4) {
                tagFromKeyLength = length;
                keyLengthOffset = offset;
            } else if (length != AUTH_KEY_LENGTH) {
                throw bad(cursor, "session authentication key length", offset, String.valueOf(length),
                        "20; 10 or 4 are read as GStreamer's 80- or 32-bit tag length");
            }
        }

        /**
         * The tag length: parameter 11 when sent, else the one GStreamer put in parameter 3, else the
         * RFC default of 10. Both present and different is ambiguous, and which one a peer meant
         * decides whether its packets authenticate at all: refused rather than guessed.
         */
        private int tagLength(PayloadCursor cursor) throws MikeyException {
            if (tagFromKeyLength >= 0 && authTagLength >= 0 && tagFromKeyLength != authTagLength) {
                throw cursor.error("session authentication key length parameter at offset " + keyLengthOffset + " ("
                        + tagFromKeyLength + ", GStreamer's tag length) contradicts the authentication tag length parameter at offset "
                        + tagLengthOffset + " (" + authTagLength + ")");
            }
            if (authTagLength >= 0) {
                return authTagLength;
            }
            return tagFromKeyLength >= 0 ? tagFromKeyLength : 10;
        }

        private static int single(PayloadCursor cursor, String name, byte[] value, int offset) throws MikeyException {
            if (value.length != 1) {
                throw bad(cursor, name, offset, "length " + value.length, "length 1");
            }
            return value[0] & 0xFF;
        }

        private static boolean flag(PayloadCursor cursor, String name, byte[] value, int offset) throws MikeyException {
            int v = single(cursor, name, value, offset);
            if (v > 1) {
                throw bad(cursor, name, offset, String.valueOf(v), "0 (off), 1 (on)");
            }
            return v == 1;
        }

        private static void expect(PayloadCursor cursor, String name, byte[] value, int offset, int expected, String allowed)
                throws MikeyException {
            int v = single(cursor, name, value, offset);
            if (v != expected) {
                throw bad(cursor, name, offset, String.valueOf(v), allowed);
            }
        }

        private static MikeyException bad(PayloadCursor cursor, String name, int offset, String what, String allowed) {
            return cursor.error(name + " parameter at offset " + offset + ": " + what + " (allowed " + allowed + ")");
        }
    }
}
