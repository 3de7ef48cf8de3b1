package org.secureta.srtp.internal;

import java.net.InetSocketAddress;

import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.media.MediaCounters;
import org.secureta.srtp.media.RtpSession;
import org.secureta.srtp.media.UdptlSession;
import org.secureta.srtp.sdp.Origin;
import org.secureta.transport.IncomingRequest;
import org.secureta.transport.SipDialog;

/** The mutable state of one call; the agent changes it while holding the call's monitor. */
final class Call {

    final String id;
    String callId;
    final boolean outgoing;
    final String line;
    final String peer;

    CallState state;
    /** The defaults or the line's override, chosen when the call starts. */
    LineSecurity security;
    String reason = "";
    Origin origin;
    KeyManagement keyManagement;
    KeyingSession keying;
    boolean secure;
    String suite = "none";
    RtpSession media;
    UdptlSession t38;
    SipDialog dialog;
    /** Incoming: the INVITE not answered yet, and the answer we prepared for it. */
    IncomingRequest pendingInvite;
    byte[] preparedAnswer;
    InetSocketAddress peerMedia;
    org.secureta.srtp.media.G711 codec;
    org.secureta.srtp.media.MediaKeys keys;
    boolean cancelRequested;
    /** Answerer of a re-keying re-INVITE: our new send keys, installed when the ACK shows the peer has them. */
    org.secureta.srtp.media.MediaKeys pendingSendKeys;
    /** Outgoing: our current INVITE offers SRTP (SecureWithFallback retries once without). */
    boolean offeredSecure;
    String target;
    /** We sent a re-INVITE (hold, resume, T.38, key renewal) and its final answer has not come yet. */
    boolean reinvitePending;
    /** Our sending key asked for renewal while a re-INVITE was pending or the call was held. */
    boolean renewWhenIdle;
    /** Our 2xx to an INVITE awaits its ACK: the timer that ends the call if none comes. */
    private java.util.concurrent.ScheduledFuture<?> ackTimer;

    Call(String id, String callId, boolean outgoing, String line, String peer, CallState state) {
        this.id = id;
        this.callId = callId;
        this.outgoing = outgoing;
        this.line = line;
        this.peer = peer;
        this.state = state;
    }

    synchronized String callId() {
        return callId;
    }

    synchronized void awaitAck(java.util.concurrent.ScheduledFuture<?> timer) {
        acked();
        ackTimer = timer;
    }

    synchronized boolean awaitingAck() {
        return ackTimer != null;
    }

    /** The ACK came (or the call ends): no timer any more. */
    synchronized void acked() {
        if (ackTimer != null) {
            ackTimer.cancel(false);
            ackTimer = null;
        }
    }

    synchronized CallStatus status() {
        MediaCounters counters = media == null ? MediaCounters.NONE : media.counters();
        String fax = t38 == null ? "" : t38.sent() + "/" + t38.received();
        return new CallStatus(id, callId, outgoing, state, secure, secure && keyManagement != null ? keyManagement.name() : "none",
                secure ? suite : "none", counters, peer, reason, fax);
    }

    /** Stops the media; the call's last counters stay readable. */
    synchronized void closeMedia() {
        if (media != null) {
            media.close();
        }
        if (t38 != null) {
            t38.close();
        }
    }
}
