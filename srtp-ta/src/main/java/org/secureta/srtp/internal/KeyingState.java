package org.secureta.srtp.internal;

import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.media.MediaKeys;

/**
 * The security of one call: the rules it started with, the key management and its session, the
 * keys in use, and the key switches in progress. Owned by its {@link Call}: changed only with
 * the call's monitor held.
 */
final class KeyingState {

    /** The defaults or the line's override, chosen when the call starts (it never changes after). */
    LineSecurity security;
    /** Null in a plain call. */
    KeyManagement method;
    KeyingSession session;
    boolean secure;
    String suite = "none";
    /** The keys the media runs with now (or will at start). */
    MediaKeys keys;
    /** Answerer of a re-keying re-INVITE: our new send keys, installed when the ACK shows the peer has them. */
    MediaKeys pendingSendKeys;
    /** Outgoing: our current INVITE offers SRTP (SecureWithFallback retries once without). */
    boolean offeredSecure;
    /** Our sending key asked for renewal while a re-INVITE was pending or the call was held. */
    boolean renewWhenIdle;

    /** The key management's name as CALL events and {@code ta:calls} show it. */
    String methodName() {
        return secure && method != null ? method.name() : "none";
    }

    String suiteName() {
        return secure ? suite : "none";
    }
}
