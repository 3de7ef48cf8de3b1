package org.secureta.srtp.mikey;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.secureta.srtp.RtpEncryption;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * MIKEY keying of one call, carried in the SDP as a {@code key-mgmt:mikey} attribute (RFC 4567):
 * ours at session level, one crypto session per media description, in order (media 0 is CS ID
 * 1); the peer's at session level, at media level, or both (see {@link #answer}).
 *
 * <p>Directions: a MIKEY pre-shared-key exchange transports one key per crypto session and RFC
 * 4567 uses a single I_MESSAGE for both directions, so each media stream sends and receives
 * under the same master key and salt. The two directions stay apart in SRTP because each side
 * sends with its own SSRC (RFC 3711 makes the keystream depend on the SSRC); the SSRC is left 0
 * ("unknown") in the offer, as RFC 4567 allows.
 */
final class MikeyKeyingSession implements KeyingSession {

    private final KeyingParameters parameters;
    private final SecureRandom random;
    private final ReplayCache replayCache;
    private InitiatorExchange pending;
    private List<SrtpKeys> keys;

    MikeyKeyingSession(KeyingParameters parameters, SecureRandom random, ReplayCache replayCache) {
        this.parameters = parameters;
        this.random = random;
        this.replayCache = replayCache;
    }

    @Override
    public SdpKeying offer() throws KeyManagementException {
        int mediaCount = requireMedia();
        SrtpProfile profile = configuredProfile();
        List<CryptoSession> sessions = Collections.nCopies(mediaCount, new CryptoSession(0, 0, 0));
        MikeyInitiator initiator = new MikeyInitiator(parameters.preSharedKey(), parameters.signallingSecure(), random, replayCache);
        pending = initiator.start(sessions, List.of(SrtpPolicy.forProfile(0, profile)));
        keys = null;
        return new SdpKeying(List.of(KeyMgmtAttribute.format(pending.message())), Collections.nCopies(mediaCount, List.of()));
    }

    /**
     * Answers a MIKEY offer carried at session level, at media level, or both (RFC 4567 3.1 allows
     * both). A session-level message keys every media description (its n-th crypto session the
     * n-th media); a media-level one keys its own media and overrides the session-level one there,
     * as media-level SDP attributes do. Each message is checked on its own (freshness, MAC, replay)
     * and a verification message, when asked for, goes back at the level its I_MESSAGE came from.
     */
    @Override
    public SdpKeying answer(SdpKeying offer) throws KeyManagementException {
        int mediaCount = requireMedia();
        if (offer.mediaAttributes().size() != mediaCount) {
            throw new MikeyException("key-mgmt attribute: the offer has " + offer.mediaAttributes().size()
                    + " media descriptions, this session keys " + mediaCount);
        }
        Optional<String> sessionLevel = KeyMgmtAttribute.find(offer.sessionAttributes());
        List<Optional<String>> mediaLevel = new ArrayList<>(mediaCount);
        for (int i = 0; i < mediaCount; i++) {
            mediaLevel.add(KeyMgmtAttribute.find(offer.mediaAttributes().get(i), "in media " + i));
        }
        if (sessionLevel.isEmpty() && mediaLevel.stream().allMatch(Optional::isEmpty)) {
            throw new MikeyException("key-mgmt attribute: the offer has no key-mgmt:mikey attribute, at session or media level");
        }
        SrtpKeys[] accepted = new SrtpKeys[mediaCount];
        List<String> sessionAnswer = List.of();
        if (sessionLevel.isPresent()) {
            Keyed keyed = respond(sessionLevel.get(), mediaCount, -1);
            for (int i = 0; i < mediaCount; i++) {
                accepted[i] = keyed.keys().get(i);
            }
            sessionAnswer = keyed.verification();
        }
        List<List<String>> mediaAnswer = new ArrayList<>(mediaCount);
        for (int i = 0; i < mediaCount; i++) {
            if (mediaLevel.get(i).isPresent()) {
                Keyed keyed = respond(mediaLevel.get(i).get(), 1, i);
                accepted[i] = keyed.keys().get(0);
                mediaAnswer.add(keyed.verification());
            } else {
                mediaAnswer.add(List.of());
            }
        }
        keys = Collections.unmodifiableList(Arrays.asList(accepted));
        return new SdpKeying(sessionAnswer, mediaAnswer);
    }

    /** Keys of the streams one I_MESSAGE keys, and our verification attribute if it asked for one. */
    private record Keyed(List<SrtpKeys> keys, List<String> verification) {
    }

    /**
     * Processes one {@code key-mgmt:mikey} attribute that keys {@code streams} media streams.
     *
     * @param mediaIndex the media description of a media-level attribute, -1 for session level
     */
    private Keyed respond(String attribute, int streams, int mediaIndex) throws KeyManagementException {
        String where = mediaIndex < 0 ? "" : "media " + mediaIndex + " key-mgmt:mikey: ";
        MikeyResponder responder = new MikeyResponder(parameters.preSharedKey(), parameters.signallingSecure(), replayCache);
        MikeyResponder.Result result;
        try {
            result = responder.respond(KeyMgmtAttribute.decode(attribute), streams);
        } catch (MikeyException e) {
            throw mediaIndex < 0 ? e : new MikeyException(where + e.getMessage(), e);
        }
        List<CryptoSession> sessions = result.cryptoSessions();
        boolean mediaLevel = mediaIndex >= 0;
        if (!mediaLevel && sessions.size() != streams) {
            throw MikeyException.at("HDR", 0, "#CS " + sessions.size() + " does not match the " + streams
                    + " media descriptions of the SDP (one crypto session per media)");
        }
        List<SrtpKeys> out = new ArrayList<>(sessions.size());
        for (int i = 0; i < sessions.size(); i++) {
            CryptoSession cs = sessions.get(i);
            if (cs.roc() != 0) {
                throw MikeyException.at("HDR", 0, where + "CS " + (i + 1) + " starts at ROC " + Integer.toUnsignedString(cs.roc())
                        + "; the SRTP engine starts every stream at ROC 0");
            }
            out.add(result.trafficKeys().get(i).withProfile(acceptedProfile(result.offer().policyOf(cs))));
        }
        if (mediaLevel && out.stream().distinct().count() > 1) {
            // Several SSRCs of one media description (gst-rtsp-server lists each SSRC it sends,
            // retransmission streams too) are fine when one key and policy serve them all; the
            // SRTP engine keys a media stream with one master key, not one per SSRC.
            throw MikeyException.at("HDR", 0, where + "#CS " + sessions.size() + " crypto sessions with different keys or "
                    + "policies in one media description; the unit keys each media stream with one master key");
        }
        List<String> verification = result.verificationMessage().map(v -> List.of(KeyMgmtAttribute.format(v))).orElse(List.of());
        return new Keyed(mediaLevel ? out.subList(0, 1) : out, verification);
    }

    @Override
    public void acceptAnswer(SdpKeying answer) throws KeyManagementException {
        if (pending == null) {
            throw new KeyManagementException("MIKEY: an answer arrived but no offer was made in this session");
        }
        Optional<String> attribute = KeyMgmtAttribute.find(answer.sessionAttributes());
        if (attribute.isPresent()) {
            pending.acceptVerification(KeyMgmtAttribute.decode(attribute.get()));
        } else if (pending.verificationRequested()) {
            throw new MikeyException("key-mgmt attribute: the answer carries no key-mgmt:mikey verification message, "
                    + "although the offer asked for one (V bit, RFC 3830 3.1)");
        }
        SrtpProfile profile = configuredProfile();
        List<SrtpKeys> confirmed = new ArrayList<>();
        for (TrafficKeys traffic : pending.trafficKeys()) {
            confirmed.add(traffic.withProfile(profile));
        }
        keys = List.copyOf(confirmed);
        pending = null;
    }

    @Override
    public SrtpKeys sendKeys(int mediaIndex) {
        return keysOf(mediaIndex);
    }

    @Override
    public SrtpKeys receiveKeys(int mediaIndex) {
        return keysOf(mediaIndex);
    }

    private SrtpKeys keysOf(int mediaIndex) {
        if (keys == null) {
            throw new IllegalStateException("MIKEY keys are known only after answer() or acceptAnswer() succeeded");
        }
        if (mediaIndex < 0 || mediaIndex >= keys.size()) {
            throw new IndexOutOfBoundsException("media index " + mediaIndex + " outside 0.." + (keys.size() - 1));
        }
        if (keys.get(mediaIndex) == null) {
            // Only media-level key-mgmt was offered, and not for this media description.
            throw new IllegalStateException("MIKEY: media " + mediaIndex + " is keyed by no key-mgmt:mikey attribute of the offer");
        }
        return keys.get(mediaIndex);
    }

    private int requireMedia() throws KeyManagementException {
        int count = parameters.mediaCount();
        if (count < 1 || count > 0xFF) {
            throw new KeyManagementException("MIKEY keys 1 to 255 media streams, not " + count);
        }
        return count;
    }

    private SrtpProfile configuredProfile() {
        return parameters.encryption() == RtpEncryption.Null ? SrtpProfile.NULL_HMAC_SHA1_80 : SrtpProfile.AES_CM_128_HMAC_SHA1_80;
    }

    /**
     * The offer's policy decides, except that an offer may not lower encryption below what the
     * line is configured for: NULL encryption is refused when AES-CM-128 is configured. A line
     * set to Null encryption still accepts an encrypting offer.
     */
    private SrtpProfile acceptedProfile(SrtpPolicy policy) throws MikeyException {
        SrtpProfile profile = policy.profile();
        if (!profile.encrypted() && parameters.encryption() == RtpEncryption.AesCm128) {
            throw new MikeyException("SP payload (policy " + policy.policyNo() + "): the offer asks for unencrypted SRTP ("
                    + profile + ") but this line requires AES-CM-128 (Mipt.DefaultSecurityRtpEncryption=AesCm128)");
        }
        return profile;
    }

    @Override
    public String toString() {
        return "MikeyKeyingSession[" + parameters + "]";
    }
}
