package org.secureta.provisioning.time;

/** A server gave no usable time; the message says why, naming the server. */
public final class SntpException extends Exception {

    private static final long serialVersionUID = 1L;

    public SntpException(String message) {
        super(message);
    }

    public SntpException(String message, Throwable cause) {
        super(message, cause);
    }
}
