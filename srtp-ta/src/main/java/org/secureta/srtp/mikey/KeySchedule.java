package org.secureta.srtp.mikey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the Key data of a KEMAC into the SRTP keys of each crypto session (RFC 3830 4.1.3, 4.2.1).
 *
 * <ul>
 * <li>A TGK (what we send with a pre-shared key): every crypto session gets its own TEK and salt
 * derived with its CS ID; a salt transported with the TGK (TGK+SALT) is used as the master salt
 * of every session instead of the derived one.</li>
 * <li>TEKs (what GStreamer and RTSP servers send in a NULL KEMAC): the n-th Key data keys the n-th
 * crypto session; the last one keys any remaining sessions, since senders commonly put a single
 * key for all of them. A 30-byte TEK is master key and salt back to back, GStreamer's layout;
 * a TEK+SALT carries them apart.</li>
 * <li>A KV of type SPI gives the SRTP MKI (RFC 3830 6.13); an Interval KV is not enforced.</li>
 * </ul>
 */
final class KeySchedule {

    static final int MIN_TGK_LENGTH = 16;

    private KeySchedule() {
    }

    /**
     * @param rand   the RAND payload, or null when the message has none
     * @param offset where the KEMAC's key data starts in the message, for error messages
     */
    static List<TrafficKeys> trafficKeys(CommonHeader header, byte[] rand, List<KeyData> keys, int offset)
            throws MikeyException {
        return trafficKeys(header, rand, keys, offset, header.cryptoSessions().size());
    }

    /**
     * @param sessions how many streams to key: #CS, or, for a message whose #CS is 0, the streams
     *                 its SDP attribute applies to (see {@link MikeyResponder#respond(byte[], int)})
     */
    static List<TrafficKeys> trafficKeys(CommonHeader header, byte[] rand, List<KeyData> keys, int offset, int sessions)
            throws MikeyException {
        KeyData first = keys.get(0);
        List<TrafficKeys> result = new ArrayList<>(sessions);
        if (first.keyType().generationKey()) {
            if (header.cryptoSessions().isEmpty()) {
                // A TEK is derived from the TGK with the CS ID (RFC 3830 4.1.3); with no CS ID map
                // any CS ID we picked would be a guess at what the peer derived.
                throw MikeyException.at("Key data", offset, "a TGK with #CS 0: TEKs are derived per CS ID (RFC 3830 4.1.3) "
                        + "and the message names no crypto session; send a CS ID map or the TEK itself");
            }
            if (keys.size() > 1) {
                throw MikeyException.at("Key data", offset, keys.size() + " Key data sub-payloads with a TGK; exactly one TGK is supported");
            }
            if (rand == null) {
                throw MikeyException.at("Key data", offset, "a TGK needs the RAND payload to derive TEKs (RFC 3830 4.1.3), and the message has none");
            }
            byte[] tgk = first.key();
            if (tgk.length < MIN_TGK_LENGTH) {
                throw MikeyException.at("Key data", offset, "TGK of " + tgk.length + " bytes is too short (at least " + MIN_TGK_LENGTH + ")");
            }
            if (first.keyType().withSalt()) {
                requireSaltLength(first.salt().length, offset);
            }
            byte[] mki = mki(first);
            for (int csId = 1; csId <= sessions; csId++) {
                byte[] tek = KeyDerivation.tek(tgk, csId, header.csbId(), rand);
                byte[] salt = first.keyType().withSalt() ? first.salt()
                        : KeyDerivation.tekSalt(tgk, csId, header.csbId(), rand);
                result.add(new TrafficKeys(tek, salt, mki));
            }
            return result;
        }
        if (keys.size() > sessions) {
            throw MikeyException.at("Key data", offset, keys.size() + " TEKs for " + sessions + " crypto sessions");
        }
        for (int i = 0; i < sessions; i++) {
            result.add(fromTek(keys.get(Math.min(i, keys.size() - 1)), offset));
        }
        return result;
    }

    private static TrafficKeys fromTek(KeyData data, int offset) throws MikeyException {
        if (data.keyType().generationKey()) {
            throw MikeyException.at("Key data", offset, "a TGK mixed with TEKs; send either one TGK or TEKs");
        }
        byte[] key = data.key();
        if (data.keyType().withSalt()) {
            if (key.length != KeyDerivation.TEK_LENGTH) {
                throw MikeyException.at("Key data", offset, "TEK of " + key.length + " bytes (allowed 16 with a separate salt)");
            }
            requireSaltLength(data.salt().length, offset);
            return new TrafficKeys(key, data.salt(), mki(data));
        }
        int combined = KeyDerivation.TEK_LENGTH + KeyDerivation.TEK_SALT_LENGTH;
        if (key.length != combined) {
            throw MikeyException.at("Key data", offset, "TEK of " + key.length + " bytes without salt (allowed " + combined
                    + ": master key and salt together; or type TEK+SALT)");
        }
        return new TrafficKeys(Arrays.copyOf(key, KeyDerivation.TEK_LENGTH),
                Arrays.copyOfRange(key, KeyDerivation.TEK_LENGTH, combined), mki(data));
    }

    private static void requireSaltLength(int length, int offset) throws MikeyException {
        if (length != KeyDerivation.TEK_SALT_LENGTH) {
            throw MikeyException.at("Key data", offset, "salt of " + length + " bytes (allowed " + KeyDerivation.TEK_SALT_LENGTH + ")");
        }
    }

    private static byte[] mki(KeyData data) {
        return data.validity() instanceof KeyValidity.Spi spi ? spi.spi() : new byte[0];
    }
}
