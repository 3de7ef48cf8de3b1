package org.secureta.srtp.sdp;

/**
 * An SDP body does not follow RFC 4566 or exceeds this unit's limits. The message names the line
 * (1-based; 0 for the body as a whole), its type and the field.
 */
public final class SdpParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final String field;

    public SdpParseException(int line, String field, String problem) {
        super((line == 0 ? "SDP body" : "SDP line " + line) + ", " + field + ": " + problem);
        this.line = line;
        this.field = field;
    }

    /** 1-based line number, 0 when the body as a whole is wrong (size, encoding, missing lines). */
    public int line() {
        return line;
    }

    /** The field at fault, for example {@code m= port} or {@code a=rtpmap}. */
    public String field() {
        return field;
    }
}
