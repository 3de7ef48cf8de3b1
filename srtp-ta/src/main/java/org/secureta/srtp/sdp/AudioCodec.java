package org.secureta.srtp.sdp;

/** The voice codecs of the unit: G.711 with its static payload types (RFC 3551 table 4). */
public enum AudioCodec {
    PCMU(RtpMap.of(0, "PCMU", 8000)),
    PCMA(RtpMap.of(8, "PCMA", 8000));

    /** RFC 4733 DTMF events, offered with a dynamic payload type. */
    public static final String TELEPHONE_EVENT = "telephone-event";
    /** The DTMF events 0-9, *, #, A-D (RFC 4733 3.2). */
    public static final String DTMF_EVENTS = "0-15";

    private final RtpMap rtpMap;

    AudioCodec(RtpMap rtpMap) {
        this.rtpMap = rtpMap;
    }

    /** The static mapping, also written as an explicit rtpmap for readability (RFC 4566 6 allows it). */
    public RtpMap rtpMap() {
        return rtpMap;
    }

    public int payloadType() {
        return rtpMap.payloadType();
    }
}
