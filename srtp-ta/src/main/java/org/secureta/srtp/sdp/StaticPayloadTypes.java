package org.secureta.srtp.sdp;

import java.util.Map;
import java.util.Optional;

/** The static audio payload types of RFC 3551 table 4, which an offer may list without rtpmap. */
final class StaticPayloadTypes {

    private static final Map<Integer, RtpMap> AUDIO = Map.ofEntries(
            Map.entry(0, RtpMap.of(0, "PCMU", 8000)),
            Map.entry(3, RtpMap.of(3, "GSM", 8000)),
            Map.entry(4, RtpMap.of(4, "G723", 8000)),
            Map.entry(5, RtpMap.of(5, "DVI4", 8000)),
            Map.entry(6, RtpMap.of(6, "DVI4", 16000)),
            Map.entry(7, RtpMap.of(7, "LPC", 8000)),
            Map.entry(8, RtpMap.of(8, "PCMA", 8000)),
            Map.entry(9, RtpMap.of(9, "G722", 8000)),
            Map.entry(10, new RtpMap(10, "L16", 44100, Optional.of("2"))),
            Map.entry(11, RtpMap.of(11, "L16", 44100)),
            Map.entry(12, RtpMap.of(12, "QCELP", 8000)),
            Map.entry(13, RtpMap.of(13, "CN", 8000)),
            Map.entry(14, RtpMap.of(14, "MPA", 90000)),
            Map.entry(15, RtpMap.of(15, "G728", 8000)),
            Map.entry(16, RtpMap.of(16, "DVI4", 11025)),
            Map.entry(17, RtpMap.of(17, "DVI4", 22050)),
            Map.entry(18, RtpMap.of(18, "G729", 8000)));

    private StaticPayloadTypes() {
    }

    static Optional<RtpMap> audio(int payloadType) {
        return Optional.ofNullable(AUDIO.get(payloadType));
    }
}
