package org.secureta.srtp.mikey;

import org.secureta.srtp.keymgmt.KeyManagementException;

/**
 * A MIKEY message was malformed, unsupported or failed a security check. The message names the
 * payload and, for anything read from the wire, the byte offset where that payload starts.
 */
public final class MikeyException extends KeyManagementException {

    private static final long serialVersionUID = 1L;

    MikeyException(String message) {
        super(message);
    }

    MikeyException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An error in the payload named {@code payload} that starts at byte {@code offset} of the message. */
    static MikeyException at(String payload, int offset, String detail) {
        return new MikeyException(payload + " payload at offset " + offset + ": " + detail);
    }
}
