package org.secureta.provisioning.web;

/**
 * A request the web management refuses before acting on it, with the HTTP status (400, 413) and
 * a message for the operator naming what was wrong. Never carries a cause: nothing of the
 * container's exception reaches the page.
 */
final class BadRequest extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    BadRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
