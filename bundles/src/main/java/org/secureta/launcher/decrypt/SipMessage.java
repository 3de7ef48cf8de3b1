package org.secureta.launcher.decrypt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A SIP message read back from a decrypted TLS stream: start line, headers (first value of each,
 * names folded to their long lower-case form) and body. {@link #split} frames a stream by
 * Content-Length (RFC 3261 18.3, mandatory over stream transports), skipping RFC 5626 CRLF
 * keep-alives between messages.
 */
record SipMessage(String startLine, Map<String, String> headers, byte[] body, String where) {

    /** A header section larger than this is not SIP: stop reading that stream. */
    static final int MAX_HEADERS = 64 * 1024;
    static final int MAX_BODY = 1024 * 1024;

    private static final Map<String, String> COMPACT = Map.of("i", "call-id", "c", "content-type", "l", "content-length",
            "f", "from", "t", "to", "m", "contact", "v", "via");

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    String callId() {
        return header("call-id").orElse("?");
    }

    boolean isRequest() {
        return !startLine.startsWith("SIP/");
    }

    boolean hasSdp() {
        return body.length > 0 && header("content-type").map(t -> t.toLowerCase(Locale.ROOT).startsWith("application/sdp")).orElse(false);
    }

    /** "INVITE" or "200 OK (INVITE)": what the message is, for the summary. */
    String label() {
        if (isRequest()) {
            int space = startLine.indexOf(' ');
            return space < 0 ? startLine : startLine.substring(0, space);
        }
        String status = startLine.length() > 8 ? startLine.substring(8).strip() : startLine;
        String method = header("cseq").map(c -> c.replaceAll("^\\s*\\d+\\s+", "")).orElse("?");
        return status + " (" + method + ")";
    }

    /**
     * The messages of one direction of a stream, in order. What cannot be framed (no
     * Content-Length, oversize, not text) ends the reading of that stream: {@code problems} says why.
     */
    static List<SipMessage> split(byte[] stream, String where, List<String> problems) {
        List<SipMessage> out = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            while (at < stream.length && (stream[at] == '\r' || stream[at] == '\n')) {
                at++;
            }
            if (at >= stream.length) {
                break;
            }
            int end = headerEnd(stream, at);
            if (end < 0) {
                if (stream.length - at > MAX_HEADERS) {
                    problems.add(where + ": " + (stream.length - at) + " bytes without the blank line that ends SIP headers; not read further");
                } else {
                    problems.add(where + ": the last message is cut short (the capture ends inside its headers)");
                }
                break;
            }
            String head = new String(stream, at, end - at, StandardCharsets.UTF_8);
            String[] lines = head.split("\r?\n");
            Map<String, String> headers = new LinkedHashMap<>();
            String previous = null;
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && previous != null) {
                    headers.computeIfPresent(previous, (k, v) -> v + " " + line.strip()); // folded line, RFC 3261 7.3.1
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                name = COMPACT.getOrDefault(name, name);
                headers.putIfAbsent(name, line.substring(colon + 1).strip());
                previous = name;
            }
            int bodyStart = end + (stream[end] == '\r' ? 4 : 2);
            int length;
            try {
                length = Integer.parseInt(headers.getOrDefault("content-length", "0").strip());
            } catch (NumberFormatException e) {
                problems.add(where + ": '" + lines[0] + "' has Content-Length '" + headers.get("content-length") + "'; stream not read further");
                break;
            }
            if (length < 0 || length > MAX_BODY) {
                problems.add(where + ": '" + lines[0] + "' has Content-Length " + length + " (0 to " + MAX_BODY + "); stream not read further");
                break;
            }
            if (bodyStart + length > stream.length) {
                problems.add(where + ": the body of '" + lines[0] + "' is cut short (" + (stream.length - bodyStart) + " of " + length + " bytes captured)");
                break;
            }
            byte[] body = java.util.Arrays.copyOfRange(stream, bodyStart, bodyStart + length);
            out.add(new SipMessage(lines[0].strip(), headers, body, where));
            at = bodyStart + length;
        }
        return out;
    }

    /** Index of the CRLFCRLF (or LFLF) ending the headers starting at {@code from}, or -1. */
    private static int headerEnd(byte[] s, int from) {
        int limit = Math.min(s.length, from + MAX_HEADERS);
        for (int i = from; i + 1 < limit; i++) {
            if (s[i] == '\n' && s[i + 1] == '\n') {
                return i;
            }
            if (i + 3 < limit && s[i] == '\r' && s[i + 1] == '\n' && s[i + 2] == '\r' && s[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
