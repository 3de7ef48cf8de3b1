package org.secureta.srtp.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers an offer (RFC 3264 6): one m= line per offered one, in order. The unit accepts one
 * audio stream and at most one T.38 stream; every other stream, and one without a common codec,
 * is rejected with port 0. Among acceptable audio streams a secure (RTP/SAVP) one is preferred,
 * so that an offer listing an SRTP and a plain alternative gets SRTP.
 * The answer has no stream in use when nothing was acceptable: the call agent then refuses the
 * offer (SipEp.InteropRejectCodeForUnsupportedSdpOffer). Keying is added with {@link SdpKeyings}.
 */
public final class Answerer {

    private Answerer() {
    }

    public static SessionDescription answer(SessionDescription offer, AnswerPolicy policy) {
        int audio = chooseAudio(offer, policy);
        int t38 = -1;
        if (policy.t38Port() != 0) {
            for (int i = 0; i < offer.media().size() && t38 < 0; i++) {
                if (!offer.media().get(i).isRejected() && offer.media().get(i).isT38()) {
                    t38 = i;
                }
            }
        }
        List<MediaDescription> media = new ArrayList<>();
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription offered = offer.media().get(i);
            if (i == audio) {
                media.add(answerAudio(offered, offer.direction(i), policy));
            } else if (i == t38) {
                media.add(answerT38(offered, policy));
            } else {
                media.add(reject(offered));
            }
        }
        return new SessionDescription(policy.origin(), "-", Optional.empty(), Optional.of(Connection.of(policy.address())),
                List.of(), offer.timings(), List.of(), media);
    }

    /** The index of the audio stream to accept, or -1. */
    private static int chooseAudio(SessionDescription offer, AnswerPolicy policy) {
        int first = -1;
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription m = offer.media().get(i);
            if (m.isRejected() || !m.media().equals("audio") || !policy.audioProtocols().contains(m.protocol()) || commonCodec(m, policy).isEmpty()) {
                continue;
            }
            if (m.isSecureRtp()) {
                return i;
            }
            if (first < 0) {
                first = i;
            }
        }
        return first;
    }

    /** The first offered codec we support (the offerer's preference), with the offerer's payload type. */
    private static Optional<RtpMap> commonCodec(MediaDescription offered, AnswerPolicy policy) {
        for (RtpMap codec : offered.codecs()) {
            for (AudioCodec ours : policy.codecs()) {
                if (codec.sameCodec(ours.rtpMap())) {
                    return Optional.of(codec);
                }
            }
        }
        return Optional.empty();
    }

    private static MediaDescription answerAudio(MediaDescription offered, Direction offeredDirection, AnswerPolicy policy) {
        RtpMap codec = commonCodec(offered, policy).orElseThrow();
        List<String> formats = new ArrayList<>(List.of(Integer.toString(codec.payloadType())));
        List<Attribute> attributes = new ArrayList<>(List.of(codec.attribute()));
        if (policy.telephoneEvent()) {
            offered.codecs().stream().filter(c -> c.encodingName().equalsIgnoreCase(AudioCodec.TELEPHONE_EVENT) && c.clockRate() == 8000)
                    .findFirst().ifPresent(events -> {
                        formats.add(Integer.toString(events.payloadType()));
                        attributes.add(events.attribute());
                        attributes.add(Attribute.of("fmtp", events.payloadType() + " " + AudioCodec.DTMF_EVENTS));
                    });
        }
        attributes.add(offeredDirection.answer().attribute());
        return MediaDescription.of("audio", policy.audioPort(), offered.protocol(), formats, attributes);
    }

    /**
     * T.38 is answered with the offerer's T38* attributes echoed: the unit relays what the fax
     * endpoints negotiate rather than narrowing it (a simplification of T.38 annex D 2.5).
     */
    private static MediaDescription answerT38(MediaDescription offered, AnswerPolicy policy) {
        List<Attribute> t38 = offered.attributes().stream().filter(a -> a.name().regionMatches(true, 0, "T38", 0, 3)).toList();
        return MediaDescription.of("image", policy.t38Port(), offered.protocol(), List.of("t38"), t38);
    }

    /** RFC 3264 6: a rejected stream keeps its media, transport and formats, with port 0. */
    private static MediaDescription reject(MediaDescription offered) {
        return MediaDescription.of(offered.media(), 0, offered.protocol(), offered.formats(), List.of());
    }
}
