package org.secureta.srtp.sdp;

import java.util.Optional;
import java.util.Set;

/**
 * {@code a=<attribute>} or {@code a=<attribute>:<value>} (RFC 4566 5.13). The values of keying
 * attributes ({@code crypto}, {@code key-mgmt}) hold keys: {@link #toString()} hides them.
 */
public record Attribute(String name, Optional<String> value) {

    /** Attributes whose value is secret key material (RFC 4568 inline keys, RFC 4567 MIKEY with NULL encryption). */
    private static final Set<String> SECRET = Set.of("crypto", "key-mgmt");

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
        if (SECRET.contains(name) && value.isPresent()) {
            return "a=" + name + ":<hidden, " + value.get().length() + " characters>";
        }
        return "a=" + text();
    }
}
