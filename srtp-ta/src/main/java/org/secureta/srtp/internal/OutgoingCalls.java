package org.secureta.srtp.internal;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.UUID;

import org.secureta.srtp.RtpMode;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.media.MediaKeys;
import org.secureta.srtp.sdp.MediaDescription;
import org.secureta.srtp.sdp.Origin;
import org.secureta.srtp.sdp.SdpKeyings;
import org.secureta.srtp.sdp.SdpParseException;
import org.secureta.srtp.sdp.SessionDescription;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.SipResponse;

/**
 * The calls we place: the INVITE with our offer (RFC 3264 5), its provisional and final
 * answers, the SecureWithFallback retry without SRTP, and the media started from the answer.
 */
final class OutgoingCalls {

    private static final String SDP = "application/sdp";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CallControl control;
    private final CallMedia media;
    private final Offers offers;

    OutgoingCalls(CallControl control, CallMedia media, Offers offers) {
        this.control = control;
        this.media = media;
        this.offers = offers;
    }

    /** Places a call from {@code line} to {@code target}; returns the call number. */
    String call(String line, String target) throws IOException, KeyManagementException {
        CallLimits.Verdict verdict = CallLimits.check(control.settings.current(), control.registry, line);
        if (!verdict.allowed()) {
            throw new IllegalStateException("cannot place a call: " + verdict.reason());
        }
        String id = control.registry.nextNumber();
        Call call = new Call(id, "ta-" + UUID.randomUUID(), true, line, target, CallState.Calling);
        synchronized (call) {
            call.crypto.security = control.settings.securityOf(line);
            call.sip.target = target;
            call.rtp.origin = Origin.of("-", Math.abs(RANDOM.nextLong() >>> 1), 1, control.media.address().getHostAddress());
            call.rtp.session = media.open(call);
            try {
                sendInvite(call, call.crypto.security.rtpMode() != RtpMode.Unsecure);
            } catch (KeyManagementException | RuntimeException e) {
                call.closeMedia();
                throw e;
            }
        }
        return id;
    }

    private void sendInvite(Call call, boolean secure) throws KeyManagementException {
        SessionDescription offer = offers.initial(call, secure, control.settings);
        call.crypto.offeredSecure = secure;
        control.registry.add(call);
        control.post(call);
        OutgoingRequest invite = OutgoingRequest.of("INVITE", call.sip.target).withHeader("Call-ID", call.sip.callId)
                .withBody(SDP, offer.writeUtf8());
        control.sip.sendRequest(call.line, invite).whenComplete((response, failure) -> answered(call, response, failure));
    }

    /** A provisional response (other than 100) to our INVITE: the peer rings. */
    void provisional(Call call) {
        synchronized (call) {
            if (call.state == CallState.Calling) {
                control.change(call, CallState.Ringing, "");
            }
        }
    }

    private void answered(Call call, SipResponse response, Throwable failure) {
        synchronized (call) {
            if (failure != null) {
                control.end(call, CallState.Failed, CallControl.rootMessage(failure));
                return;
            }
            if (!response.isSuccess() && call.crypto.offeredSecure && !call.sip.cancelRequested && call.crypto.security.rtpMode() == RtpMode.SecureWithFallback
                    && (response.statusCode() == 415 || response.statusCode() == 488 || response.statusCode() == 606)) {
                // SecureWithFallback: the peer has no security; call again with plain RTP (new INVITE, new Call-ID).
                try {
                    String old = call.sip.callId;
                    call.sip.callId = "ta-" + UUID.randomUUID();
                    control.registry.changeCallId(call, old);
                    call.crypto.session = null;
                    call.crypto.method = null;
                    sendInvite(call, false);
                } catch (KeyManagementException | RuntimeException e) {
                    control.end(call, CallState.Failed, e.getMessage());
                }
                return;
            }
            if (!response.isSuccess()) {
                boolean cancelled = call.sip.cancelRequested && response.statusCode() == 487;
                control.end(call, cancelled ? CallState.Ended : CallState.Failed, response.statusCode() + " " + response.reasonPhrase());
                return;
            }
            call.answered();
            call.sip.dialog = response.dialog().orElse(null);
            if (call.sip.dialog == null) {
                control.end(call, CallState.Failed, "2xx without a dialog");
                return;
            }
            call.sip.dialog.sendAck("", new byte[0]);
            if (call.state.isFinal()) {
                // Hung up while the answer was on its way (CANCEL crossed the 200): end the dialog.
                call.sip.dialog.sendRequest(OutgoingRequest.of("BYE", ""));
                return;
            }
            try {
                SessionDescription answer = SessionDescription.parse(response.body());
                startFromAnswer(call, answer, call.crypto.session);
                control.change(call, CallState.Connected, "");
            } catch (SdpParseException | KeyManagementException | IOException | RuntimeException e) {
                // The media cannot be what we need: the call must not go on unprotected or undecryptable.
                call.sip.dialog.sendRequest(OutgoingRequest.of("BYE", ""));
                control.end(call, CallState.Failed, "unusable answer: " + e.getMessage());
            }
        }
    }

    /** Offerer: reads the answer, checks the security, keys and starts the media. */
    private void startFromAnswer(Call call, SessionDescription answer, KeyingSession keying) throws KeyManagementException, IOException {
        if (answer.media().isEmpty() || answer.media().get(0).isRejected()) {
            throw new IOException("the audio stream was refused");
        }
        MediaDescription audio = answer.media().get(0);
        boolean offeredSecure = call.crypto.offeredSecure;
        MediaKeys keys = MediaKeys.PLAIN;
        if (offeredSecure && !audio.isSecureRtp()) {
            if (call.crypto.security.rtpMode() != RtpMode.SecureWithFallback) {
                throw new IOException("the peer answered " + audio.protocol() + " to a secure offer and rtpMode is Secure ("
                        + call.crypto.security.source() + ")");
            }
            call.crypto.secure = false;
        } else if (audio.isSecureRtp()) {
            keying.acceptAnswer(SdpKeyings.of(answer, control.settings.attributeNames()));
            keys = MediaKeys.srtp(keying.sendKeys(0), keying.receiveKeyRing(0));
            call.crypto.session = keying;
            call.crypto.secure = true;
            call.crypto.suite = keys.send().orElseThrow().profile().name();
        }
        call.crypto.keys = keys;
        call.rtp.codec = CallMedia.codecOf(audio);
        try {
            // A re-INVITE may hold with 0.0.0.0; an answer that opens the call may not.
            call.rtp.peer = PeerMediaAddress.of(answer, audio, control.media.address(), false).address().orElseThrow();
        } catch (PeerMediaAddress.Unusable e) {
            throw new IOException(e.getMessage());
        }
        call.rtp.session.start(call.rtp.peer, call.rtp.codec, keys);
    }
}
