package org.secureta.srtp.sdes;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.secureta.srtp.CryptoUpdateMode;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.keymgmt.SrtpKeys;

/**
 * SDES keying of one call (RFC 4568). Each side sends with the key of its own crypto attribute
 * and receives with the peer's (RFC 4568 6.1): the offerer's send key is the one of the offered
 * attribute whose tag the answer echoes.
 *
 * <p>Every offer and answer made through the {@link KeyingSession} methods carries fresh random
 * keys, which is Mipt.SessionUpdateCryptoMode=Regenerate, the unit's default. For Keep, the call
 * agent calls {@link #reoffer(CryptoUpdateMode)} or {@link #answer(SdpKeying, CryptoUpdateMode)},
 * which reuse the key of the stream's current attribute (same tag and suite) when there is one.
 * The mode is a method argument rather than session state because it is read from the line's
 * configuration at the moment of the re-INVITE.
 *
 * <p>A media description without any {@code a=crypto} attribute (T.38, or an RTP/AVP stream of a
 * fallback call) is left unkeyed: its answer has no attribute and {@link #sendKeys} refuses it;
 * {@link #isKeyed} tells the call agent which streams are secure.
 *
 * <p>{@link KeyingParameters#encryption()} is ignored: SDES negotiates its suites with the peer
 * and the unit's Null encryption applies to MIKEY only (Mipt.DefaultSecurityRtpEncryption is
 * "ignored with Sdes").
 */
public final class SdesKeyingSession implements KeyingSession {

    private static final String CRYPTO = "crypto:";

    private final KeyingParameters parameters;
    private final SecureRandom random;
    private final int mediaCount;

    /** What we offered, per media, while the answer is awaited; null otherwise. */
    private List<List<SrtpCryptoAttribute>> pendingOffer;
    /** Our own attribute of the negotiated state, per media; null when the stream is unkeyed. */
    private final SrtpCryptoAttribute[] localAttribute;
    private final SrtpKeys[] sendKeys;
    private final SrtpKeys[] receiveKeys;
    /** Every key of the peer's attribute per media (RFC 4568 6.1: several, told apart by MKI); null when unkeyed. */
    private final List<List<SrtpKeys>> receiveRings;

    SdesKeyingSession(KeyingParameters parameters, SecureRandom random) {
        if (parameters.mediaCount() < 0) {
            throw new IllegalArgumentException("mediaCount must not be negative: " + parameters.mediaCount());
        }
        this.parameters = parameters;
        this.random = random;
        this.mediaCount = parameters.mediaCount();
        this.localAttribute = new SrtpCryptoAttribute[mediaCount];
        this.sendKeys = new SrtpKeys[mediaCount];
        this.receiveKeys = new SrtpKeys[mediaCount];
        this.receiveRings = new ArrayList<>(java.util.Collections.nCopies(mediaCount, (List<SrtpKeys>) null));
    }

    /** An offer with fresh keys: per media, AES_CM_128_HMAC_SHA1_80 (tag 1) then _32 (tag 2). */
    @Override
    public synchronized SdpKeying offer() throws KeyManagementException {
        requireSecureSignalling("offer");
        List<List<SrtpCryptoAttribute>> offered = new ArrayList<>();
        for (int i = 0; i < mediaCount; i++) {
            offered.add(freshOffer());
        }
        return remember(offered);
    }

    /**
     * An offer for a re-INVITE (hold, resume). With {@link CryptoUpdateMode#Keep} each keyed
     * stream offers only its current attribute (same tag, suite and key), so the media keeps
     * flowing with the same keys whatever the answer; unkeyed streams get a fresh offer.
     * {@link CryptoUpdateMode#Regenerate} is {@link #offer()}.
     */
    public synchronized SdpKeying reoffer(CryptoUpdateMode mode) throws KeyManagementException {
        requireSecureSignalling("re-offer");
        if (mode == CryptoUpdateMode.Regenerate) {
            return offer();
        }
        List<List<SrtpCryptoAttribute>> offered = new ArrayList<>();
        for (int i = 0; i < mediaCount; i++) {
            offered.add(localAttribute[i] != null ? List.of(localAttribute[i]) : freshOffer());
        }
        return remember(offered);
    }

    private List<SrtpCryptoAttribute> freshOffer() {
        return List.of(SrtpCryptoAttribute.of(1, SdesSuite.AES_CM_128_HMAC_SHA1_80, freshKey()),
                SrtpCryptoAttribute.of(2, SdesSuite.AES_CM_128_HMAC_SHA1_32, freshKey()));
    }

    private SdpKeying remember(List<List<SrtpCryptoAttribute>> offered) {
        pendingOffer = offered;
        return keying(offered.stream().map(lines -> lines.stream().map(SrtpCryptoAttribute::attributeText).toList()).toList());
    }

    /** The answer with fresh keys (Mipt.SessionUpdateCryptoMode=Regenerate). */
    @Override
    public SdpKeying answer(SdpKeying offer) throws KeyManagementException {
        return answer(offer, CryptoUpdateMode.Regenerate);
    }

    /**
     * Answers each keyed stream with the first acceptable attribute of the offer (RFC 4568 6.1):
     * same tag and suite, our own key. Unsupported suites and attributes that would weaken SRTP are
     * skipped; when none is left the whole offer is refused, with each attribute's reason. A
     * malformed attribute refuses the offer at once: the peer is broken or hostile.
     * With {@link CryptoUpdateMode#Keep} a stream that keeps its suite keeps our key.
     */
    public synchronized SdpKeying answer(SdpKeying offer, CryptoUpdateMode mode) throws KeyManagementException {
        requireSecureSignalling("answer");
        requireMediaCount(offer, "offer");
        SrtpCryptoAttribute[] local = new SrtpCryptoAttribute[mediaCount];
        SrtpKeys[] send = new SrtpKeys[mediaCount];
        List<List<SrtpKeys>> receive = new ArrayList<>(java.util.Collections.nCopies(mediaCount, (List<SrtpKeys>) null));
        List<List<String>> answer = new ArrayList<>();
        for (int i = 0; i < mediaCount; i++) {
            List<CryptoAttribute> offered = cryptoAttributes(offer, i, "offer");
            if (offered.isEmpty()) {
                answer.add(List.of());
                continue;
            }
            SrtpCryptoAttribute chosen = null;
            List<String> refusals = new ArrayList<>();
            for (CryptoAttribute attribute : offered) {
                var refusal = SdesPolicy.refusal(attribute);
                if (refusal.isEmpty()) {
                    chosen = (SrtpCryptoAttribute) attribute;
                    break;
                }
                refusals.add("a=crypto:" + attribute.tag() + ": " + refusal.get());
            }
            if (chosen == null) {
                throw new KeyManagementException("SDES: media " + i + ": no acceptable a=crypto attribute in the offer: " + String.join(" | ", refusals));
            }
            InlineKey key = mode == CryptoUpdateMode.Keep && localAttribute[i] != null && localAttribute[i].suite() == chosen.suite()
                    ? localAttribute[i].keys().get(0)
                    : freshKey();
            local[i] = SrtpCryptoAttribute.of(chosen.tag(), chosen.suite(), key);
            send[i] = key.toSrtpKeys(chosen.suite().profile());
            receive.set(i, ring(chosen));
            answer.add(List.of(local[i].attributeText()));
        }
        commit(local, send, receive);
        pendingOffer = null;
        return keying(answer);
    }

    /**
     * Checks that the answer echoes, per keyed stream, exactly one attribute we offered (same tag
     * and suite) with a valid key and nothing that weakens SRTP. A stream answered without
     * {@code a=crypto} is unkeyed.
     */
    @Override
    public synchronized void acceptAnswer(SdpKeying answer) throws KeyManagementException {
        requireSecureSignalling("accept an answer");
        if (pendingOffer == null) {
            throw new KeyManagementException("SDES: no offer of ours is waiting for an answer");
        }
        requireMediaCount(answer, "answer");
        SrtpCryptoAttribute[] local = new SrtpCryptoAttribute[mediaCount];
        SrtpKeys[] send = new SrtpKeys[mediaCount];
        List<List<SrtpKeys>> receive = new ArrayList<>(java.util.Collections.nCopies(mediaCount, (List<SrtpKeys>) null));
        for (int i = 0; i < mediaCount; i++) {
            List<CryptoAttribute> answered = cryptoAttributes(answer, i, "answer");
            if (answered.isEmpty()) {
                continue;
            }
            if (answered.size() > 1) {
                throw new KeyManagementException("SDES: media " + i + ": the answer has " + answered.size()
                        + " a=crypto attributes; exactly one is allowed (RFC 4568 6.1)");
            }
            CryptoAttribute attribute = answered.get(0);
            int media = i;
            SrtpCryptoAttribute ours = pendingOffer.get(i).stream().filter(o -> o.tag() == attribute.tag()).findFirst()
                    .orElseThrow(() -> new KeyManagementException("SDES: media " + media + ": the answer's a=crypto tag " + attribute.tag()
                            + " was not offered (offered tags: " + pendingOffer.get(media).stream().map(o -> Integer.toString(o.tag())).toList() + ")"));
            if (!(attribute instanceof SrtpCryptoAttribute theirs) || theirs.suite() != ours.suite()) {
                throw new KeyManagementException("SDES: media " + i + ": the answer's a=crypto:" + attribute.tag() + " has crypto-suite "
                        + attribute.suiteName() + " but tag " + ours.tag() + " offered " + ours.suite());
            }
            var refusal = SdesPolicy.refusal(theirs);
            if (refusal.isPresent()) {
                throw new KeyManagementException("SDES: media " + i + ": the answer's a=crypto:" + theirs.tag() + " is refused: " + refusal.get());
            }
            local[i] = ours;
            send[i] = ours.keys().get(0).toSrtpKeys(ours.suite().profile());
            receive.set(i, ring(theirs));
        }
        commit(local, send, receive);
        pendingOffer = null;
    }

    /** Whether stream {@code mediaIndex} is keyed by the last completed offer/answer. */
    public synchronized boolean isKeyed(int mediaIndex) {
        return sendKeys[mediaIndex] != null;
    }

    @Override
    public synchronized SrtpKeys sendKeys(int mediaIndex) {
        return keyed(sendKeys, mediaIndex);
    }

    @Override
    public synchronized SrtpKeys receiveKeys(int mediaIndex) {
        return keyed(receiveKeys, mediaIndex);
    }

    private SrtpKeys keyed(SrtpKeys[] keys, int mediaIndex) {
        if (keys[mediaIndex] == null) {
            throw new IllegalStateException("media " + mediaIndex + " is not keyed by SDES (no a=crypto negotiated for it)");
        }
        return keys[mediaIndex];
    }

    /** The peer's keys of one attribute, in its order; the parser made sure several keys have distinct MKIs of one length. */
    private static List<SrtpKeys> ring(SrtpCryptoAttribute attribute) {
        return attribute.keys().stream().map(k -> k.toSrtpKeys(attribute.suite().profile())).toList();
    }

    @Override
    public synchronized List<SrtpKeys> receiveKeyRing(int mediaIndex) {
        keyed(receiveKeys, mediaIndex);
        return receiveRings.get(mediaIndex);
    }

    private void commit(SrtpCryptoAttribute[] local, SrtpKeys[] send, List<List<SrtpKeys>> receive) {
        System.arraycopy(local, 0, localAttribute, 0, mediaCount);
        System.arraycopy(send, 0, sendKeys, 0, mediaCount);
        for (int i = 0; i < mediaCount; i++) {
            List<SrtpKeys> ring = receive.get(i);
            receiveRings.set(i, ring);
            receiveKeys[i] = ring == null ? null : ring.get(0);
        }
    }

    /** RFC 4568 8.3: the keys travel in the SDP, which only TLS protects here. */
    private void requireSecureSignalling(String action) throws KeyManagementException {
        if (!parameters.signallingSecure()) {
            throw new KeyManagementException("SDES refused to " + action + ": the SDP would carry SRTP master keys in clear because the "
                    + "signalling is not secure (RFC 4568 8.3); enable TLS (SipEp.TransportConfig.TlsEnable) or use Mikey");
        }
    }

    private void requireMediaCount(SdpKeying keying, String what) throws KeyManagementException {
        if (keying.mediaAttributes().size() != mediaCount) {
            throw new KeyManagementException("SDES: the " + what + " has " + keying.mediaAttributes().size()
                    + " media descriptions, this session keys " + mediaCount);
        }
    }

    private static List<CryptoAttribute> cryptoAttributes(SdpKeying keying, int mediaIndex, String what) throws KeyManagementException {
        List<CryptoAttribute> out = new ArrayList<>();
        for (String attribute : keying.mediaAttributes().get(mediaIndex)) {
            if (attribute.startsWith(CRYPTO)) {
                try {
                    out.add(CryptoAttributeParser.parse(attribute));
                } catch (CryptoAttributeException e) {
                    throw new KeyManagementException("SDES: media " + mediaIndex + " of the " + what + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    /** A random key||salt, with the lifetime of the parameters when they announce one (RFC 4568 6.1). */
    private InlineKey freshKey() {
        byte[] keySalt = new byte[SdesSuite.KEY_SALT_LENGTH];
        random.nextBytes(keySalt);
        long packets = parameters.keyLifetime();
        Optional<KeyLifetime> lifetime = packets == SrtpKeys.MAX_LIFETIME ? Optional.empty()
                : Optional.of(new KeyLifetime(packets, Long.bitCount(packets) == 1));
        return new InlineKey(keySalt, lifetime, Optional.empty());
    }

    private SdpKeying keying(List<List<String>> media) {
        return new SdpKeying(List.of(), media);
    }

    @Override
    public String toString() {
        return "SdesKeyingSession[media=" + mediaCount + ", keys hidden]";
    }
}
