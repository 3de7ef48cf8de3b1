package org.secureta.srtp.mikey;

import java.util.ArrayList;
import java.util.List;
import org.secureta.srtp.keymgmt.SrtpKeys;

/**
 * Reads the SRTP keys out of a MIKEY message seen in a capture ({@code ta decrypt}): a passive
 * observer of an old call, so unlike {@link MikeyResponder} it checks neither the timestamp's
 * freshness nor replay (RFC 3830 5.3 steps 1 and 6 guard a live responder), and sends nothing.
 * The KEMAC's MAC is still checked, which is what tells a wrong pre-shared key from garbage keys.
 * The message came over TLS (the capture's key log decrypted it), so an unprotected KEMAC
 * (NULL/NULL, as GStreamer sends) is read as a TLS-protected responder would read it.
 */
public final class CapturedMikey {

    /**
     * One crypto session of the message: the keys of one SRTP stream.
     *
     * @param cryptoSession its CS ID (1 for the first entry of the map)
     * @param ssrc the SSRC the map names, 0 when unknown (RFC 4567 offers leave it 0)
     * @param roc the rollover counter the stream starts at (RFC 3830 6.1.1)
     * @param keys master key, salt and suite from the policy (secrets: {@code toString} hides them)
     */
    public record KeyedStream(int cryptoSession, int ssrc, int roc, SrtpKeys keys) {
    }

    private CapturedMikey() {
    }

    /** Whether an SDP attribute ({@code name:value}, without {@code a=}) is a {@code key-mgmt:mikey} one. */
    public static boolean isMikey(String attribute) {
        return KeyMgmtAttribute.isMikey(attribute);
    }

    /**
     * The streams a {@code key-mgmt:mikey} attribute keys.
     *
     * @param attribute the attribute as {@code key-mgmt:mikey BASE64}
     * @param preSharedKey the MIKEY pre-shared key, empty when none is known
     * @param streamsWithoutMap how many streams a message with #CS 0 keys (its SDP's media count)
     * @return the keyed streams; empty for a verification message (an answer carries no keys)
     * @throws MikeyException naming what is wrong: not base64, malformed message, a KEMAC that needs
     *         the pre-shared key when none is given, a MAC that fails (wrong pre-shared key)
     */
    public static List<KeyedStream> read(String attribute, byte[] preSharedKey, int streamsWithoutMap) throws MikeyException {
        DecodedMessage decoded = MessageDecoder.decode(KeyMgmtAttribute.decode(attribute));
        CommonHeader header = decoded.message().header();
        if (header.dataType() == DataType.PSK_VERIFICATION) {
            return List.of();
        }
        if (header.dataType() != DataType.PSK_INIT) {
            throw MikeyException.at("HDR", 0, "a " + header.dataType().label() + " message; only the pre-shared key method is supported");
        }
        if (header.cryptoSessions().isEmpty() && streamsWithoutMap < 1) {
            throw MikeyException.at("HDR", 0, "#CS is 0: the message keys no crypto session");
        }
        int streams = header.cryptoSessions().isEmpty() ? streamsWithoutMap : header.cryptoSessions().size();
        MikeyResponder.Unlocked unlocked = MikeyResponder.unlock(decoded, preSharedKey, true);
        List<TrafficKeys> traffic = unlocked.trafficKeys(decoded, streams);
        List<CryptoSession> map = header.cryptoSessions();
        List<KeyedStream> out = new ArrayList<>(streams);
        for (int i = 0; i < streams; i++) {
            CryptoSession cs = map.isEmpty() ? new CryptoSession(0, 0, 0) : map.get(i);
            SrtpKeys keys = traffic.get(i).withProfile(decoded.message().policyOf(cs).profile());
            out.add(new KeyedStream(i + 1, cs.ssrc(), cs.roc(), keys));
        }
        return List.copyOf(out);
    }
}
