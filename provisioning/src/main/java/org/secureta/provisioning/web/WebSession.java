package org.secureta.provisioning.web;

import java.time.Instant;

/**
 * A logged-in browser: its CSRF token (RFC-less, the synchroniser token pattern) and the one
 * message to show after a redirect.
 */
final class WebSession {

    final String id;
    final String csrfToken;
    final Instant created;
    volatile Instant lastSeen;
    private String flash;
    private boolean flashIsError;

    WebSession(String id, String csrfToken, Instant created) {
        this.id = id;
        this.csrfToken = csrfToken;
        this.created = created;
        this.lastSeen = created;
    }

    synchronized void flash(String message, boolean error) {
        this.flash = message;
        this.flashIsError = error;
    }

    /** The message, once. */
    synchronized String[] takeFlash() {
        if (flash == null) {
            return null;
        }
        String[] f = {flash, flashIsError ? "error" : "ok"};
        flash = null;
        return f;
    }

    @Override
    public String toString() {
        return "WebSession[created=" + created + "]"; // never the id or token
    }
}
