package org.secureta.srtp.internal;

import java.util.concurrent.ScheduledFuture;

import org.secureta.transport.IncomingRequest;
import org.secureta.transport.SipDialog;

/**
 * The SIP side of one call: its Call-ID and dialog, and the transactions in progress (an INVITE
 * ringing here, our CANCEL, our re-INVITE, our 2xx awaiting its ACK). Owned by its {@link Call}:
 * changed only with the call's monitor held.
 */
final class DialogState {

    /** Changes once, when SecureWithFallback calls again with a new INVITE (RFC 3261 8.1.1.4: a new Call-ID). */
    String callId;
    /** Outgoing: the request URI we call. */
    String target;
    /** Null until a 2xx made the dialog (RFC 3261 12). */
    SipDialog dialog;
    /** Incoming: the INVITE not answered yet, and the answer we prepared for it. */
    IncomingRequest pendingInvite;
    byte[] preparedAnswer;
    /** We sent CANCEL: the 487 that follows ends the call normally. */
    boolean cancelRequested;
    /** We sent a re-INVITE (hold, resume, T.38, key renewal) and its final answer has not come yet. */
    boolean reinvitePending;
    /** Our 2xx to an INVITE awaits its ACK: the timer that ends the call if none comes (RFC 3261 13.3.1.4). */
    private ScheduledFuture<?> ackTimer;

    DialogState(String callId) {
        this.callId = callId;
    }

    void awaitAck(ScheduledFuture<?> timer) {
        acked();
        ackTimer = timer;
    }

    boolean awaitingAck() {
        return ackTimer != null;
    }

    void acked() {
        if (ackTimer != null) {
            ackTimer.cancel(false);
            ackTimer = null;
        }
    }
}
