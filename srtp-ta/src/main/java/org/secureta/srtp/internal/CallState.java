package org.secureta.srtp.internal;

/** Where a call stands, as its CALL event shows it. */
public enum CallState {
    /** Our INVITE is on its way. */
    Calling,
    /** The callee is alerted (180), or, incoming, we are. */
    Ringing,
    Connected,
    /** One side put the call on hold (sendonly or inactive, RFC 3264 8.4). */
    OnHold,
    Ended,
    Failed;

    public boolean isFinal() {
        return this == Ended || this == Failed;
    }
}
