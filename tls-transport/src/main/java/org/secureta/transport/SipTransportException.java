package org.secureta.transport;

/** A request could not be sent or got no answer; the message says why (no link, timeout, ...). */
public class SipTransportException extends Exception {

    private static final long serialVersionUID = 1L;

    public SipTransportException(String message) {
        super(message);
    }

    public SipTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
