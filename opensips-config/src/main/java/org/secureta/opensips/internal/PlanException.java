package org.secureta.opensips.internal;

/** The profile cannot be turned into a proxy configuration; the message says what to change. */
public final class PlanException extends Exception {

    private static final long serialVersionUID = 1L;

    public PlanException(String message) {
        super(message);
    }
}
