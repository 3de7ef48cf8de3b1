package org.secureta.srtp.keymgmt;

/** Keying failed; the message names what was wrong (attribute, payload, offset). */
public class KeyManagementException extends Exception {

    private static final long serialVersionUID = 1L;

    public KeyManagementException(String message) {
        super(message);
    }

    public KeyManagementException(String message, Throwable cause) {
        super(message, cause);
    }
}
