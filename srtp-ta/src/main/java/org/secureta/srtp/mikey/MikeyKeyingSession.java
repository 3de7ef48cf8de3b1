package org.secureta.srtp.mikey;

import java.security.SecureRandom;
import java.util.ArrayList;
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
 * MIKEY keying of one call, carried in the SDP as a session-level {@code key-mgmt:mikey}
 * attribute (RFC 4567). One crypto session per media description, in order: media 0 is CS ID 1.
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

    @Override
    public SdpKeying answer(SdpKeying offer) throws KeyManagementException {
        int mediaCount = requireMedia();
        Optional<String> found = KeyMgmtAttribute.find(offer.sessionAttributes());
        if (found.isEmpty()) {
            boolean mediaLevel = offer.mediaAttributes().stream().flatMap(List::stream).anyMatch(KeyMgmtAttribute::isMikey);
            throw new MikeyException("key-mgmt attribute: the offer has no session-level key-mgmt:mikey attribute"
                    + (mediaLevel ? "; media-level key-mgmt:mikey is not supported (RFC 4567 allows both, the unit uses session level)" : ""));
        }
        String attribute = found.get();
        MikeyResponder responder = new MikeyResponder(parameters.preSharedKey(), parameters.signallingSecure(), replayCache);
        MikeyResponder.Result result = responder.respond(KeyMgmtAttribute.decode(attribute));
        List<CryptoSession> sessions = result.offer().header().cryptoSessions();
        if (sessions.size() != mediaCount) {
            throw MikeyException.at("HDR", 0, "#CS " + sessions.size() + " does not match the " + mediaCount
                    + " media descriptions of the SDP (one crypto session per media)");
        }
        List<SrtpKeys> accepted = new ArrayList<>(mediaCount);
        for (int i = 0; i < mediaCount; i++) {
            CryptoSession cs = sessions.get(i);
            if (cs.roc() != 0) {
                throw MikeyException.at("HDR", 0, "CS " + (i + 1) + " starts at ROC " + Integer.toUnsignedString(cs.roc())
                        + "; the SRTP engine starts every stream at ROC 0");
            }
            SrtpPolicy policy = result.offer().policyOf(cs);
            accepted.add(result.trafficKeys().get(i).withProfile(acceptedProfile(policy)));
        }
        keys = List.copyOf(accepted);
        Optional<byte[]> verification = result.verificationMessage();
        return verification.isPresent()
                ? new SdpKeying(List.of(KeyMgmtAttribute.format(verification.get())), Collections.nCopies(mediaCount, List.of()))
                : SdpKeying.empty(mediaCount);
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
