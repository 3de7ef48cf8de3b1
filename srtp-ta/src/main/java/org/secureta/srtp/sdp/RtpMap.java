package org.secureta.srtp.sdp;

import java.util.Optional;

/**
 * {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]} (RFC 4566
 * 6), or the equivalent static assignment of RFC 3551 table 4 when no rtpmap is given.
 */
public record RtpMap(int payloadType, String encodingName, int clockRate, Optional<String> encodingParameters) {

    public RtpMap {
        SdpSyntax.range("a=rtpmap payload type", payloadType, 0, 127);
        SdpSyntax.token("a=rtpmap encoding name", encodingName);
        if (encodingName.indexOf('/') >= 0) {
            throw new InvalidFieldException("a=rtpmap encoding name", "must not contain '/'");
        }
        SdpSyntax.range("a=rtpmap clock rate", clockRate, 1, Integer.MAX_VALUE);
        encodingParameters.ifPresent(p -> SdpSyntax.token("a=rtpmap encoding parameters", p));
    }

    public static RtpMap of(int payloadType, String encodingName, int clockRate) {
        return new RtpMap(payloadType, encodingName, clockRate, Optional.empty());
    }

    static RtpMap parse(String value) {
        int space = value.indexOf(' ');
        if (space < 0) {
            throw new InvalidFieldException("a=rtpmap", "expected '<payload type> <encoding name>/<clock rate>[/<parameters>]'");
        }
        int payloadType = (int) SdpSyntax.number("a=rtpmap payload type", value.substring(0, space), 127);
        String[] encoding = value.substring(space + 1).split("/", -1);
        if (encoding.length < 2 || encoding.length > 3) {
            throw new InvalidFieldException("a=rtpmap", "expected '<encoding name>/<clock rate>[/<parameters>]' after the payload type");
        }
        int clockRate = (int) SdpSyntax.number("a=rtpmap clock rate", encoding[1], Integer.MAX_VALUE);
        return new RtpMap(payloadType, encoding[0], clockRate, encoding.length == 3 ? Optional.of(encoding[2]) : Optional.empty());
    }

    public Attribute attribute() {
        return Attribute.of("rtpmap", payloadType + " " + encodingName + "/" + clockRate + encodingParameters.map(p -> "/" + p).orElse(""));
    }

    /** Same codec: encoding names compare case-insensitively (RFC 4855 3), clock rates and parameters exactly. */
    public boolean sameCodec(RtpMap other) {
        return encodingName.equalsIgnoreCase(other.encodingName) && clockRate == other.clockRate
                && encodingParameters.orElse("1").equals(other.encodingParameters.orElse("1"));
    }
}
