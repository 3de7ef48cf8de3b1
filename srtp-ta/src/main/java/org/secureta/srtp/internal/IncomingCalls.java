package org.secureta.srtp.internal;

import java.io.IOException;
import java.security.SecureRandom;

import org.secureta.srtp.RtpMode;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.media.MediaKeys;
import org.secureta.srtp.sdp.Answerer;
import org.secureta.srtp.sdp.MediaDescription;
import org.secureta.srtp.sdp.Origin;
import org.secureta.srtp.sdp.SdpKeyings;
import org.secureta.srtp.sdp.SdpParseException;
import org.secureta.srtp.sdp.SessionDescription;
import org.secureta.transport.IncomingRequest;
import org.secureta.transport.UnitEvent;

/**
 * The calls we receive: an INVITE checked against the call limits and the line's security,
 * answered (RFC 3264 6) with keys of the configured key management, rung (180), and answered
 * (200) when the user, or Mipt auto-answer, takes it.
 */
final class IncomingCalls {

    private static final String SDP = "application/sdp";
    private static final System.Logger LOG = System.getLogger(IncomingCalls.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CallControl control;
    private final CallMedia media;

    IncomingCalls(CallControl control, CallMedia media) {
        this.control = control;
        this.media = media;
    }

    /** A new INVITE (its Call-ID is not one of ours); rings, and answers at once under auto-answer. */
    void invited(IncomingRequest request) {
        CallSettings config = control.settings;
        String line = request.line().orElse("");
        CallLimits.Verdict verdict = CallLimits.check(config.current(), control.registry, line);
        if (!verdict.allowed()) {
            // Refused before it becomes a call: a flood of INVITEs must not fill the call list either.
            request.respond(verdict.code(), verdict.phrase());
            control.event(UnitEvent.of(UnitEvent.ERROR, "source", "srtp-ta", "state", "Warning",
                    "message", "call from " + peerOf(request) + " refused with " + verdict.code() + " " + verdict.phrase() + ": " + verdict.reason(),
                    "line", line));
            LOG.log(System.Logger.Level.INFO, "INVITE from {0} refused with {1}: {2}", peerOf(request), verdict.code(), verdict.reason());
            return;
        }
        String id = control.registry.nextNumber();
        Call call = new Call(id, request.callId(), false, line, peerOf(request), CallState.Ringing);
        synchronized (call) {
            control.registry.add(call);
            try {
                call.crypto.security = config.securityOf(call.line);
            } catch (IllegalArgumentException e) {
                // An unreadable override must not fall back to the (maybe weaker) defaults.
                control.refuse(call, request, 500, "Server Internal Error", e.getMessage());
                return;
            }
            SessionDescription offer;
            try {
                offer = SessionDescription.parse(request.body());
            } catch (SdpParseException e) {
                control.refuse(call, request, 400, "Bad Request", "malformed SDP offer: " + e.getMessage());
                return;
            }
            SdpKeying offered = SdpKeyings.of(offer, config.attributeNames());
            KeyManagement configured = null;
            if (offer.isSecure() && call.crypto.security.rtpMode() != RtpMode.Unsecure) {
                configured = config.keyManagements().named(call.crypto.security.keyManagement()).orElse(null);
                if (configured == null) {
                    control.refuseUnsupported(call, request, "key management " + call.crypto.security.keyManagement() + " is not available ("
                            + call.crypto.security.source() + ")");
                    return;
                }
                if (!configured.isPresent(offered) && otherKeyManagementPresent(configured, offered)) {
                    // Guide 3.4: only the other key management offered: refuse, and say so in the syslog.
                    // state=Warning: the unit logs this line at warning (docs/events.md, docs/management.md).
                    UnitEvent error = UnitEvent.of(UnitEvent.ERROR, "source", "SdpTools", "state", "Warning",
                            "code", CallAgent.MISMATCH_CODE, "message", CallAgent.MISMATCH_MESSAGE, "call", call.id);
                    control.event(error);
                    control.refuseUnsupported(call, request, "wrong key management (expected " + configured.name() + ")");
                    return;
                }
            }
            try {
                call.rtp.session = media.open(call);
                call.rtp.origin = Origin.of("-", Math.abs(RANDOM.nextLong() >>> 1), 1, control.media.address().getHostAddress());
                SessionDescription answer = Answerer.answer(offer, media.policy(call, 0));
                int audio = CallMedia.audioIndex(answer);
                if (audio < 0) {
                    control.refuseUnsupported(call, request, "no acceptable audio stream for " + call.crypto.security.describe());
                    return;
                }
                MediaKeys keys = MediaKeys.PLAIN;
                MediaDescription chosen = answer.media().get(audio);
                if (chosen.isSecureRtp()) {
                    if (configured == null || !configured.isPresent(offered)) {
                        control.refuseUnsupported(call, request, "secure offer without " + call.crypto.security.keyManagement() + " keying");
                        return;
                    }
                    CallSettings.requireSignalling(configured, request.transport());
                    call.crypto.method = configured;
                    call.crypto.session = configured.newSession(config.parameters(call, offer.media().size()));
                    SdpKeying answerKeying = call.crypto.session.answer(offered);
                    answer = SdpKeyings.withKeying(answer, SdpKeyings.restrictToSecureStreams(answerKeying, answer), config.attributeNames());
                    keys = MediaKeys.srtp(call.crypto.session.sendKeys(audio), call.crypto.session.receiveKeyRing(audio));
                    call.crypto.secure = true;
                    call.crypto.suite = keys.send().orElseThrow().profile().name();
                }
                call.crypto.keys = keys;
                try {
                    // The keys go to the media before we ring: an engine that cannot carry them (Libjitsi and a NULL
                    // cipher) refuses the offer here, rather than after our 200 OK; the media stays silent until start.
                    call.rtp.session.rekey(keys);
                } catch (IllegalArgumentException e) {
                    request.respond(488, "Not Acceptable Here");
                    LOG.log(System.Logger.Level.INFO, "call {0} from {1} refused with 488: {2}", call.id, call.peer, e.getMessage());
                    control.end(call, CallState.Failed, "488 Not Acceptable Here: " + e.getMessage());
                    return;
                }
                call.rtp.codec = CallMedia.codecOf(chosen);
                try {
                    call.rtp.peer = PeerMediaAddress.of(offer, offer.media().get(audio), control.media.address(), false).address().orElseThrow();
                } catch (PeerMediaAddress.Unusable e) {
                    // The reason goes into the CALL event: the operator sees why the peer's media was refused.
                    request.respond(488, "Not Acceptable Here");
                    LOG.log(System.Logger.Level.INFO, "call {0} from {1} refused with 488: {2}", call.id, call.peer, e.getMessage());
                    control.end(call, CallState.Failed, "488 Not Acceptable Here: " + e.getMessage());
                    return;
                }
                call.sip.preparedAnswer = answer.writeUtf8();
                call.sip.pendingInvite = request;
                request.respond(180, "Ringing");
                control.post(call);
                call.rtp.session.sending(CallMedia.sends(offer.direction(audio)));
            } catch (KeyManagementException e) {
                control.refuseUnsupported(call, request, e.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
                control.refuse(call, request, 500, "Server Internal Error", e.getMessage());
                return;
            }
        }
        if (config.current().autoAnswer()) {
            answer(call);
        }
    }

    /** Answers a ringing incoming call with the answer prepared for its INVITE. */
    void answer(Call call) {
        synchronized (call) {
            if (call.outgoing || call.sip.pendingInvite == null) {
                throw new IllegalStateException("call " + call.id + " is not ringing here (" + call.state + ")");
            }
            IncomingRequest invite = call.sip.pendingInvite;
            call.sip.pendingInvite = null;
            invite.respond(200, "OK", SDP, call.sip.preparedAnswer);
            call.sip.dialog = invite.dialog().orElse(null);
            call.rtp.session.start(call.rtp.peer, call.rtp.codec, call.crypto.keys);
            control.change(call, CallState.Connected, "");
            control.awaitAck(call);
        }
    }

    private boolean otherKeyManagementPresent(KeyManagement configured, SdpKeying offered) {
        return control.settings.keyManagements().all().stream().anyMatch(k -> !k.name().equals(configured.name()) && k.isPresent(offered));
    }

    static String peerOf(IncomingRequest request) {
        String from = request.header("From").orElse("");
        int start = from.indexOf("sip");
        if (start < 0) {
            return "unknown";
        }
        int end = start;
        while (end < from.length() && ">;".indexOf(from.charAt(end)) < 0 && !Character.isWhitespace(from.charAt(end))) {
            end++;
        }
        return from.substring(start, end);
    }
}
