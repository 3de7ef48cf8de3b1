package org.secureta.transport.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The start line and header fields of one SIP message read off a stream, parsed only as far as
 * framing and screening need (RFC 3261 7.3): folded lines joined, compact names expanded
 * (7.3.3), field text kept as received so an answer can copy Via, From, To, Call-ID and CSeq.
 */
record SipHeaderBlock(String startLine, List<Field> fields) {

    /** One header field: its long name in lower case, and its value as received (unfolded, trimmed). */
    record Field(String name, String receivedName, String value) {
        String line() {
            return receivedName + ": " + value;
        }
    }

    private static final Map<String, String> COMPACT = Map.of("i", "call-id", "f", "from", "t", "to", "v", "via",
            "l", "content-length", "m", "contact", "c", "content-type", "k", "supported", "s", "subject", "e", "content-encoding");

    SipHeaderBlock {
        fields = List.copyOf(fields);
    }

    /** Parses {@code length} bytes ending with the empty line that ends the header section. */
    static SipHeaderBlock parse(byte[] bytes, int length) {
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        String[] lines = text.split("\r?\n");
        String start = "";
        List<String> unfolded = new ArrayList<>();
        for (String line : lines) {
            if (start.isEmpty()) {
                start = line.trim();
                continue;
            }
            if (line.isEmpty()) {
                break;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !unfolded.isEmpty()) {
                unfolded.set(unfolded.size() - 1, unfolded.get(unfolded.size() - 1) + " " + line.trim());
            } else {
                unfolded.add(line);
            }
        }
        List<Field> fields = new ArrayList<>();
        for (String line : unfolded) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String received = line.substring(0, colon).trim();
            String name = received.toLowerCase(Locale.ROOT);
            fields.add(new Field(COMPACT.getOrDefault(name, name), received, line.substring(colon + 1).trim()));
        }
        return new SipHeaderBlock(start, fields);
    }

    /** A request's start line is {@code METHOD URI VERSION}; a response's starts with the version. */
    boolean isRequest() {
        return !startLine.regionMatches(true, 0, "SIP/", 0, 4);
    }

    String method() {
        int space = startLine.indexOf(' ');
        return space < 0 ? startLine : startLine.substring(0, space);
    }

    /** The SIP-Version of a request line (its last word). */
    String requestVersion() {
        String[] words = startLine.split("\\s+");
        return words.length < 3 ? "" : words[words.length - 1];
    }

    List<Field> all(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).toList();
    }

    Optional<Field> first(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
