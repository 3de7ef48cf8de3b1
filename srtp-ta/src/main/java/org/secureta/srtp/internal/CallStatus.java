package org.secureta.srtp.internal;

import java.util.ArrayList;
import java.util.List;
import org.secureta.srtp.media.MediaCounters;
import org.secureta.transport.UnitEvent;

/**
 * One call as {@code ta:calls} and the CALL event show it.
 *
 * @param id the unit's call number
 * @param callId SIP Call-ID
 * @param outgoing whether we placed it
 * @param state where it stands
 * @param secure whether its audio is SRTP
 * @param keyManagement the key management's name, {@code none} for plain RTP
 * @param suite the SRTP crypto suite, {@code none} for plain RTP
 * @param counters the media counters
 * @param peer the other party's SIP URI
 * @param reason why it ended or failed (a status code and phrase), empty otherwise
 * @param t38 T.38 packets sent and received, when the call switched to fax
 * @param setupMillis for a call we placed, milliseconds from its first INVITE to the 2xx; -1 before that and for incoming calls
 * @param media the media engine carrying the audio (SecureTA.MediaEngine), empty before the media opened
 */
public record CallStatus(String id, String callId, boolean outgoing, CallState state, boolean secure, String keyManagement,
                         String suite, MediaCounters counters, String peer, String reason, String t38, long setupMillis, String media) {

    public UnitEvent toEvent() {
        List<String> a = new ArrayList<>(List.of(
                "call", id,
                "state", state.name(),
                "secure", secure ? "yes" : "no",
                "keyManagement", keyManagement,
                "suite", suite,
                "sent", Long.toString(counters.sent()),
                "received", Long.toString(counters.received()),
                "authFailures", Long.toString(counters.authFailures()),
                "replays", Long.toString(counters.replays()),
                "strays", Long.toString(counters.strays()),
                "peer", peer,
                "reason", reason,
                "t38", t38,
                "expired", Long.toString(counters.expired()),
                "media", media,
                "direction", outgoing ? "out" : "in"));
        if (setupMillis >= 0) {
            a.add("setupMs");
            a.add(Long.toString(setupMillis));
        }
        return UnitEvent.of(UnitEvent.CALL, a.toArray(String[]::new));
    }

    /** One line of {@code ta:calls}. */
    public String describe() {
        return id + " " + (outgoing ? "to" : "from") + " " + peer + " " + state
                + " secure=" + (secure ? "yes" : "no") + " keyManagement=" + keyManagement + " suite=" + suite
                + " sent=" + counters.sent() + " received=" + counters.received() + " authFailures=" + counters.authFailures()
                + " replays=" + counters.replays() + (counters.strays() == 0 ? "" : " strays=" + counters.strays()) + " rtcp=" + counters.rtcpSent() + "/" + counters.rtcpReceived()
                + " toneFrames=" + counters.toneFrames() + " keyChanges=" + counters.keyChanges() + " expired=" + counters.expired()
                + (media.isEmpty() ? "" : " media=" + media) + (t38.isEmpty() ? "" : " t38=" + t38) + (reason.isEmpty() ? "" : " reason=\"" + reason + "\"");
    }
}
