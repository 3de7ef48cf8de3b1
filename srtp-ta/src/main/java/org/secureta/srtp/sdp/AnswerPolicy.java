package org.secureta.srtp.sdp;

import java.util.List;
import java.util.Set;

import org.secureta.srtp.RtpMode;

/**
 * What the unit accepts when it answers an offer.
 *
 * @param origin our o= line
 * @param address where we receive media
 * @param audioPort where we receive audio
 * @param codecs the codecs we can use; the offerer's order decides among them (RFC 3264 6.1)
 * @param telephoneEvent whether we accept RFC 4733 DTMF events
 * @param audioProtocols the accepted audio transports, see {@link #protocolsFor(RtpMode)}
 * @param t38Port where we receive T.38, 0 to refuse T.38 streams (Mipt.AllowUnsecureT38WithSrtp
 *        disabled in a secure call)
 */
public record AnswerPolicy(Origin origin, String address, int audioPort, List<AudioCodec> codecs, boolean telephoneEvent,
        Set<String> audioProtocols, int t38Port) {

    public AnswerPolicy {
        codecs = List.copyOf(codecs);
        audioProtocols = Set.copyOf(audioProtocols);
        SdpSyntax.range("audio port", audioPort, 1, 65535);
        SdpSyntax.range("T.38 port", t38Port, 0, 65535);
    }

    /**
     * Mipt.DefaultSecurityRtpMode as transports: Secure answers only RTP/SAVP, SecureWithFallback
     * also RTP/AVP, Unsecure only RTP/AVP.
     */
    public static Set<String> protocolsFor(RtpMode mode) {
        return switch (mode) {
            case Secure -> Set.of("RTP/SAVP");
            case SecureWithFallback -> Set.of("RTP/SAVP", "RTP/AVP");
            case Unsecure -> Set.of("RTP/AVP");
        };
    }
}
