package org.secureta.srtp.sdp;

import java.util.Optional;

/**
 * {@code a=<attribute>} or {@code a=<attribute>:<value>} (RFC 4566 5.13). The values of keying
 * attributes ({@code crypto}, {@code key-mgmt}, and those the registered key managements declare,
 * see {@link SecretAttributes}) hold keys: {@link #toString()} hides them.
 */
public record Attribute(String name, Optional<String> value) {

    public Attribute {
        SdpSyntax.token("a= att-field", name);
        value.ifPresent(v -> SdpSyntax.text("a=" + name + " att-value", v));
        if (name.length() + value.map(v -> v.length() + 1).orElse(0) > SdpSyntax.MAX_LINE - 2) {
            throw new InvalidFieldException("a=" + name, "the line would be longer than " + SdpSyntax.MAX_LINE + " characters");
        }
    }

    /** A property attribute such as {@code a=sendrecv}. */
    public static Attribute property(String name) {
        return new Attribute(name, Optional.empty());
    }

    public static Attribute of(String name, String value) {
        return new Attribute(name, Optional.of(value));
    }

    /** Reads {@code name[:value]} (without {@code a=}), as in {@link org.secureta.srtp.keymgmt.SdpKeying}. */
    public static Attribute parse(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? property(text) : of(text.substring(0, colon), text.substring(colon + 1));
    }

    /** {@code name[:value]}, without {@code a=}. */
    public String text() {
        return value.map(v -> name + ":" + v).orElse(name);
    }

    public boolean isNamed(String attributeName) {
        return name.equals(attributeName);
    }

    @Override
    public String toString() {
        if (SecretAttributes.isSecret(name) && value.isPresent()) {
            return "a=" + name + ":<hidden, " + value.get().length() + " characters>";
        }
        return "a=" + text();
    }
}
