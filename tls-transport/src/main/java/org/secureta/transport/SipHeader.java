package org.secureta.transport;

import java.util.Objects;

/** One SIP header field, as written on the wire (RFC 3261 section 7.3). */
public record SipHeader(String name, String value) {

    public SipHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 0x7f && c != ':')) {
            throw new IllegalArgumentException("invalid SIP header name: '" + name + "'");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("SIP header " + name + " value contains a line break");
        }
    }
}
