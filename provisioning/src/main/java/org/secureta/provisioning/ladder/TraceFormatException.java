package org.secureta.provisioning.ladder;

/** A trace line that cannot be read: names the line, the field and what was wrong. */
public final class TraceFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;

    public TraceFormatException(String source, int line, String field, String problem) {
        super(source + " line " + line + ", " + field + ": " + problem);
        this.line = line;
    }

    /** 1-based. */
    public int line() {
        return line;
    }
}
