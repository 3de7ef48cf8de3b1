package org.secureta.srtp.sdes;

/**
 * An {@code a=crypto} attribute does not follow RFC 4568 (sections 9.1 and 9.2) or this unit's
 * stricter rules. The message names the attribute (its tag when known), the field and what is
 * allowed; it never quotes key material.
 */
public final class CryptoAttributeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    public CryptoAttributeException(String tag, String field, String problem) {
        super("a=crypto" + (tag == null ? "" : ":" + tag) + " " + field + ": " + problem);
        this.field = field;
    }

    /** The grammar element that was wrong, for example {@code tag}, {@code key-params}, {@code lifetime}. */
    public String field() {
        return field;
    }
}
