package org.secureta.srtp.sdp;

/**
 * A value given to an SDP record does not follow RFC 4566. The parser turns it into an
 * {@link SdpParseException} with the line number; built by code, it is a programming error.
 */
public final class InvalidFieldException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidFieldException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The problem without the field name. */
    public String problem() {
        return getMessage().substring(field.length() + 2);
    }
}
