package org.secureta.srtp.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.secureta.transport.IncomingRequest;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.SipResponse;

/**
 * How calls end: our hang-up (CANCEL before an answer, BYE after, 486 to a call ringing here),
 * the peer's BYE and CANCEL (RFC 3261 15, 9.2), and every call at once when the agent stops.
 */
final class Hangups {

    private final CallControl control;

    Hangups(CallControl control) {
        this.control = control;
    }

    /** Hangs up: CANCEL before an answer, BYE after, 486 to a ringing incoming call. */
    CompletionStage<SipResponse> hangup(Call call) {
        synchronized (call) {
            if (call.state.isFinal()) {
                throw new IllegalStateException("call " + call.id + " is over already (" + call.state + ")");
            }
            if (call.sip.pendingInvite != null) {
                call.sip.pendingInvite.respond(486, "Busy Here");
                call.sip.pendingInvite = null;
                control.end(call, CallState.Ended, "declined");
                return CompletableFuture.completedFuture(null);
            }
            if (call.sip.dialog == null) {
                call.sip.cancelRequested = true;
                return control.sip.cancel(call.sip.callId);
            }
            control.end(call, CallState.Ended, "local hang-up");
            return call.sip.dialog.sendRequest(OutgoingRequest.of("BYE", ""));
        }
    }

    /** The peer's BYE; {@code call} is null when the Call-ID is not (or no longer) ours. */
    void bye(Call call, IncomingRequest request) {
        request.respond(200, "OK");
        if (call != null) {
            synchronized (call) {
                control.end(call, CallState.Ended, "remote hang-up");
            }
        }
    }

    /** The peer's CANCEL: ends a call still ringing here with 487 to its INVITE (RFC 3261 9.2). */
    void cancel(Call call, IncomingRequest request) {
        request.respond(200, "OK");
        if (call != null) {
            synchronized (call) {
                if (call.sip.pendingInvite != null) {
                    call.sip.pendingInvite.respond(487, "Request Terminated");
                    call.sip.pendingInvite = null;
                    control.end(call, CallState.Ended, "cancelled by caller");
                }
            }
        }
    }

    /**
     * Ends every call in progress with a BYE (or 480 to one still ringing here) and a CALL
     * {@code Ended} event giving {@code reason}, so that no call disappears silently.
     */
    void endAll(String reason) {
        for (Call call : control.registry.all()) {
            synchronized (call) {
                if (!call.state.isFinal()) {
                    if (call.sip.pendingInvite != null) {
                        call.sip.pendingInvite.respond(480, "Temporarily Unavailable");
                        call.sip.pendingInvite = null;
                    } else if (call.sip.dialog != null) {
                        call.sip.dialog.sendRequest(OutgoingRequest.of("BYE", ""));
                    }
                    call.acked();
                    call.closeMedia();
                    control.change(call, CallState.Ended, reason);
                }
                call.closeMedia();
            }
        }
    }
}
