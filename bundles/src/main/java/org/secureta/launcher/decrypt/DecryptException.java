package org.secureta.launcher.decrypt;

/** What stops {@code ta decrypt}, worded for the user: which input was wrong and how. */
public final class DecryptException extends Exception {

    private static final long serialVersionUID = 1L;

    DecryptException(String message) {
        super(message);
    }
}
