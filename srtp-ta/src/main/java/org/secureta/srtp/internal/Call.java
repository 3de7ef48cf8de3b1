package org.secureta.srtp.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One call: who and where (immutable), its state as events report it, and its mutable parts each
 * in one owner: {@link DialogState} (SIP), {@link KeyingState} (security and keys) and
 * {@link MediaState} (SDP session and media). The agent's parts change them while holding the
 * call's monitor.
 */
final class Call {

    final String id;
    final boolean outgoing;
    final String line;
    final String peer;
    final DialogState sip;
    final KeyingState crypto = new KeyingState();
    final MediaState rtp = new MediaState();

    /** When the call object was made: for ours, just before the first INVITE went out. */
    final long createdNanos = System.nanoTime();

    /**
     * Written under the call's monitor; volatile so that the registry counts the calls in progress
     * without taking each call's monitor (see {@link CallRegistry#live}).
     */
    volatile CallState state;
    String reason = "";
    /** Ours only: milliseconds from the first INVITE to its 2xx, once it came; -1 before and for incoming calls. */
    long setupMillis = -1;

    Call(String id, String callId, boolean outgoing, String line, String peer, CallState state) {
        this.id = id;
        this.sip = new DialogState(callId);
        this.outgoing = outgoing;
        this.line = line;
        this.peer = peer;
        this.state = state;
    }

    synchronized String callId() {
        return sip.callId;
    }

    synchronized void awaitAck(ScheduledFuture<?> timer) {
        sip.awaitAck(timer);
    }

    synchronized boolean awaitingAck() {
        return sip.awaitingAck();
    }

    /** The ACK came (or the call ends): no timer any more. */
    synchronized void acked() {
        sip.acked();
    }

    synchronized CallStatus status() {
        return new CallStatus(id, sip.callId, outgoing, state, crypto.secure, crypto.methodName(), crypto.suiteName(),
                rtp.counters(), peer, reason, rtp.fax(), setupMillis, rtp.engine());
    }

    /**
     * Notes the set-up time of a call we placed when its INVITE is answered with a 2xx: what SIPp
     * and call-load tools report as call set-up (first INVITE sent to 200 received, a
     * SecureWithFallback retry included, as the caller waited through it).
     */
    synchronized void answered() {
        if (outgoing && setupMillis < 0) {
            setupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdNanos);
        }
    }

    /** Stops the media; the call's last counters stay readable. */
    synchronized void closeMedia() {
        rtp.close();
    }
}
