package org.secureta.transport.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the unit refuses of a message before JAIN-SIP parses it, because JAIN-SIP would misframe
 * it, drop it silently, or answer it somewhere else than over the connection it came on.
 */
final class StreamScreening {

    /** A request refused with {@code code}; the answer goes back over the same connection (RFC 3261 18.2.2). */
    record Refusal(int code, String reason) {
    }

    /** The stream cannot be framed any more: the connection is closed (RFC 3261 18.3). */
    static final class FramingException extends Exception {
        FramingException(String message) {
            super(message);
        }
    }

    private static final Pattern SENT_PROTOCOL = Pattern.compile("^\\s*([^/\\s]+)\\s*/\\s*([^/\\s]+)\\s*/\\s*([^\\s;,]+)");
    private static final List<String> SINGLE = List.of("call-id", "cseq", "from", "to", "max-forwards", "content-type");

    private StreamScreening() {
    }

    /**
     * The body length the message announces. On a stream Content-Length is the framing itself
     * (RFC 3261 18.3): two different values, or one that is not a number, leave no way to find
     * where the next message starts.
     */
    static int contentLength(SipHeaderBlock block) throws FramingException {
        String value = null;
        for (SipHeaderBlock.Field field : block.all("content-length")) {
            String text = field.value().trim();
            if (value != null && !value.equals(text)) {
                throw new FramingException("two different Content-Length values (" + value + " and " + text + ")");
            }
            value = text;
        }
        if (value == null) {
            return 0;
        }
        if (!value.matches("\\d{1,9}")) {
            throw new FramingException("Content-Length '" + value + "' is not a length");
        }
        return Integer.parseInt(value);
    }

    /** What is wrong with a request that must not reach JAIN-SIP, if anything. */
    static Optional<Refusal> refusalOf(SipHeaderBlock request, String connectionTransport) {
        // RFC 3261 8.2.2 answers nothing but SIP/2.0; JAIN-SIP drops other versions silently.
        if (!request.requestVersion().equalsIgnoreCase("SIP/2.0")) {
            return Optional.of(new Refusal(505, "Version Not Supported"));
        }
        for (String name : SINGLE) {
            if (request.all(name).size() > 1) {
                return Optional.of(new Refusal(400, "Bad Request (duplicate " + displayName(name) + ")"));
            }
        }
        Optional<SipHeaderBlock.Field> via = request.first("via");
        if (via.isPresent()) {
            Matcher protocol = SENT_PROTOCOL.matcher(via.get().value());
            if (!protocol.find()) {
                return Optional.of(new Refusal(400, "Bad Request (malformed Via)"));
            }
            String transport = protocol.group(3);
            // JAIN-SIP would send the answer by the Via's transport (a UDP datagram for "UDP"),
            // never over this connection: such a request is refused over the connection instead.
            if (!transport.equalsIgnoreCase(connectionTransport)) {
                return Optional.of(new Refusal(400, "Bad Request (Via transport " + transport.toUpperCase(Locale.ROOT)
                        + " on a " + connectionTransport + " connection)"));
            }
        }
        return Optional.empty();
    }

    private static String displayName(String name) {
        return switch (name) {
            case "call-id" -> "Call-ID";
            case "cseq" -> "CSeq";
            case "max-forwards" -> "Max-Forwards";
            case "content-type" -> "Content-Type";
            default -> Character.toUpperCase(name.charAt(0)) + name.substring(1);
        };
    }

    /**
     * An answer to {@code request} built from its own Via, From, To, Call-ID and CSeq (RFC 3261
     * 8.2.6.2), with a To tag; null when it cannot be answered (an ACK, or fields missing).
     */
    static byte[] answer(SipHeaderBlock request, int code, String reason, List<String> extraHeaders, String toTag) {
        if (!request.isRequest() || request.method().equalsIgnoreCase("ACK")) {
            return null;
        }
        if (request.first("via").isEmpty() || request.first("call-id").isEmpty() || request.first("cseq").isEmpty()
                || request.first("from").isEmpty() || request.first("to").isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder("SIP/2.0 ").append(code).append(' ').append(reason).append("\r\n");
        request.all("via").forEach(via -> text.append("Via: ").append(via.value()).append("\r\n"));
        text.append("From: ").append(request.first("from").get().value()).append("\r\n");
        String to = request.first("to").get().value();
        text.append("To: ").append(to);
        if (!to.toLowerCase(Locale.ROOT).matches(".*;\\s*tag\\s*=.*")) {
            text.append(";tag=").append(toTag);
        }
        text.append("\r\n");
        text.append("Call-ID: ").append(request.first("call-id").get().value()).append("\r\n");
        text.append("CSeq: ").append(request.first("cseq").get().value()).append("\r\n");
        extraHeaders.forEach(header -> text.append(header).append("\r\n"));
        text.append("Server: SecureTA\r\nContent-Length: 0\r\n\r\n");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
