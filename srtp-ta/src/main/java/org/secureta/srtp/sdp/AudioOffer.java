package org.secureta.srtp.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Builds the unit's audio offer: one {@code m=audio} stream, RTP/AVP or RTP/SAVP, G.711 codecs in
 * the order given, optionally telephone-event, and an explicit direction. Keying attributes are
 * added afterwards with {@link SdpKeyings#withKeying}.
 */
public final class AudioOffer {

    private final Origin origin;
    private final String address;
    private final int port;
    private boolean secure;
    private List<AudioCodec> codecs = List.of(AudioCodec.PCMU, AudioCodec.PCMA);
    private OptionalInt telephoneEvent = OptionalInt.of(101);
    private Direction direction = Direction.SENDRECV;

    private AudioOffer(Origin origin, String address, int port) {
        this.origin = origin;
        this.address = address;
        this.port = port;
    }

    /** An offer from {@code origin}, receiving RTP at {@code address:port}. */
    public static AudioOffer from(Origin origin, String address, int port) {
        return new AudioOffer(origin, address, port);
    }

    /** RTP/SAVP (SRTP) instead of RTP/AVP. */
    public AudioOffer secure(boolean isSecure) {
        this.secure = isSecure;
        return this;
    }

    /** The codecs in order of preference; PCMU then PCMA unless set. */
    public AudioOffer codecs(List<AudioCodec> preferred) {
        if (preferred.isEmpty()) {
            throw new IllegalArgumentException("an audio offer needs at least one codec");
        }
        this.codecs = List.copyOf(preferred);
        return this;
    }

    /** The dynamic payload type of telephone-event (96..127), 101 unless set. */
    public AudioOffer telephoneEvent(int payloadType) {
        if (payloadType < 96 || payloadType > 127) {
            throw new IllegalArgumentException("telephone-event needs a dynamic payload type 96..127, not " + payloadType);
        }
        this.telephoneEvent = OptionalInt.of(payloadType);
        return this;
    }

    public AudioOffer withoutTelephoneEvent() {
        this.telephoneEvent = OptionalInt.empty();
        return this;
    }

    public AudioOffer direction(Direction offered) {
        this.direction = offered;
        return this;
    }

    public SessionDescription build() {
        List<String> formats = new ArrayList<>();
        List<Attribute> attributes = new ArrayList<>();
        for (AudioCodec codec : codecs) {
            formats.add(Integer.toString(codec.payloadType()));
            attributes.add(codec.rtpMap().attribute());
        }
        telephoneEvent.ifPresent(pt -> {
            formats.add(Integer.toString(pt));
            attributes.add(RtpMap.of(pt, AudioCodec.TELEPHONE_EVENT, 8000).attribute());
            attributes.add(Attribute.of("fmtp", pt + " " + AudioCodec.DTMF_EVENTS));
        });
        attributes.add(direction.attribute());
        MediaDescription audio = MediaDescription.of("audio", port, secure ? "RTP/SAVP" : "RTP/AVP", formats, attributes);
        return new SessionDescription(origin, "-", java.util.Optional.empty(), java.util.Optional.of(Connection.of(address)),
                List.of(), List.of(Timing.PERMANENT), List.of(), List.of(audio));
    }
}
