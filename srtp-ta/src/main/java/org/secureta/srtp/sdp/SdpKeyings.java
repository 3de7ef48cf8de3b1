package org.secureta.srtp.sdp;

import java.util.ArrayList;
import java.util.List;

import org.secureta.srtp.keymgmt.SdpKeying;

/**
 * Carries keying between an SDP body and the key-management SPI: {@code a=key-mgmt} (MIKEY, RFC
 * 4567 3.1: at session level, at media level, or both) and media-level {@code a=crypto} (SDES,
 * RFC 4568).
 */
public final class SdpKeyings {

    public static final String KEY_MGMT = "key-mgmt";
    public static final String CRYPTO = "crypto";

    private SdpKeyings() {
    }

    /**
     * The keying attributes named {@code names} (those the registered key managements declare), at
     * session level and per media description, so that a method the agent does not know gets its own.
     */
    public static SdpKeying of(SessionDescription sdp, java.util.Set<String> names) {
        List<String> session = sdp.attributes().stream().filter(a -> names.contains(a.name())).map(Attribute::text).toList();
        List<List<String>> media = sdp.media().stream()
                .map(m -> m.attributes().stream().filter(a -> names.contains(a.name())).map(Attribute::text).toList()).toList();
        return new SdpKeying(session, media);
    }

    /**
     * As {@link #withKeying(SessionDescription, SdpKeying)}, removing the attributes named {@code names}
     * (at both levels) before appending the keying's.
     */
    public static SessionDescription withKeying(SessionDescription sdp, SdpKeying keying, java.util.Set<String> names) {
        if (keying.mediaAttributes().size() != sdp.media().size()) {
            throw new IllegalArgumentException("keying for " + keying.mediaAttributes().size() + " media descriptions, the SDP has " + sdp.media().size());
        }
        List<Attribute> session = new ArrayList<>(sdp.attributes().stream().filter(a -> !names.contains(a.name())).toList());
        keying.sessionAttributes().forEach(text -> session.add(Attribute.parse(text)));
        List<MediaDescription> media = new ArrayList<>();
        for (int i = 0; i < sdp.media().size(); i++) {
            MediaDescription m = sdp.media().get(i).withoutAttributes(a -> names.contains(a.name()));
            List<Attribute> attributes = new ArrayList<>(m.attributes());
            keying.mediaAttributes().get(i).forEach(text -> attributes.add(Attribute.parse(text)));
            media.add(m.withAttributes(attributes));
        }
        return sdp.withAttributes(session).withMedia(media);
    }

    /**
     * The keying attributes of a body: session {@code key-mgmt}, and per media description its
     * {@code key-mgmt} and {@code crypto} attributes, in their order. Media-level {@code key-mgmt}
     * is what RTSP servers and ONVIF cameras (GStreamer) send, one per stream.
     */
    public static SdpKeying of(SessionDescription sdp) {
        List<String> session = sdp.attributes().stream().filter(a -> a.isNamed(KEY_MGMT)).map(Attribute::text).toList();
        List<List<String>> media = sdp.media().stream()
                .map(m -> m.attributes().stream().filter(SdpKeyings::isKeying).map(Attribute::text).toList()).toList();
        return new SdpKeying(session, media);
    }

    /**
     * The body with its keying replaced: existing {@code key-mgmt} (both levels) and {@code crypto} attributes are
     * removed and the keying's are appended. Each keying string must be a valid attribute (a
     * key-management plug-in cannot inject lines), and there must be one list per media description.
     *
     * @throws InvalidFieldException when a keying attribute is malformed
     * @throws IllegalArgumentException when the number of media descriptions differs
     */
    public static SessionDescription withKeying(SessionDescription sdp, SdpKeying keying) {
        if (keying.mediaAttributes().size() != sdp.media().size()) {
            throw new IllegalArgumentException("keying for " + keying.mediaAttributes().size() + " media descriptions, the SDP has " + sdp.media().size());
        }
        List<Attribute> session = new ArrayList<>(sdp.attributes().stream().filter(a -> !a.isNamed(KEY_MGMT)).toList());
        keying.sessionAttributes().forEach(text -> session.add(Attribute.parse(text)));
        List<MediaDescription> media = new ArrayList<>();
        for (int i = 0; i < sdp.media().size(); i++) {
            MediaDescription m = sdp.media().get(i).withoutAttributes(SdpKeyings::isKeying);
            List<Attribute> attributes = new ArrayList<>(m.attributes());
            keying.mediaAttributes().get(i).forEach(text -> attributes.add(Attribute.parse(text)));
            media.add(m.withAttributes(attributes));
        }
        return sdp.withAttributes(session).withMedia(media);
    }

    private static boolean isKeying(Attribute attribute) {
        return attribute.isNamed(CRYPTO) || attribute.isNamed(KEY_MGMT);
    }

    /**
     * The keying with its media-level attributes kept only for streams in use that are SRTP
     * (RTP/SAVP): a key-management session keys every media description, but T.38 (never
     * encrypted on the unit), plain RTP and rejected streams must not carry {@code a=crypto}.
     */
    public static SdpKeying restrictToSecureStreams(SdpKeying keying, SessionDescription sdp) {
        if (keying.mediaAttributes().size() != sdp.media().size()) {
            throw new IllegalArgumentException("keying for " + keying.mediaAttributes().size() + " media descriptions, the SDP has " + sdp.media().size());
        }
        List<List<String>> media = new ArrayList<>();
        for (int i = 0; i < sdp.media().size(); i++) {
            MediaDescription m = sdp.media().get(i);
            media.add(!m.isRejected() && m.isSecureRtp() ? keying.mediaAttributes().get(i) : List.of());
        }
        return new SdpKeying(keying.sessionAttributes(), media);
    }
}
