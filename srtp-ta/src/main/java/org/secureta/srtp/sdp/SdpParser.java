package org.secureta.srtp.sdp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A strict, single-pass SDP parser (RFC 4566). The body is bounded before anything else
 * ({@value SdpSyntax#MAX_BODY_BYTES} bytes, {@value SdpSyntax#MAX_LINE} characters per line,
 * {@value SdpSyntax#MAX_MEDIA} media descriptions) and every check is linear in its input, so a
 * hostile body costs at most a few milliseconds. Lines end with CRLF or LF; the last one may lack
 * its ending; a lone CR, an empty line or a line out of the RFC 4566 order is an error.
 */
final class SdpParser {

    /** RFC 4566 5: the order of the lines of the session part, and of a media description. */
    private static final String SESSION_ORDER = "vosicbta";
    private static final String MEDIA_ORDER = "icba";
    private static final String REPEATABLE = "bta";

    private SdpParser() {
    }

    static SessionDescription parse(byte[] body) throws SdpParseException {
        if (body == null) {
            throw new SdpParseException(0, "body", "missing");
        }
        if (body.length > SdpSyntax.MAX_BODY_BYTES) {
            throw tooLarge(body.length);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new SdpParseException(0, "body", "not UTF-8 at byte offset " + in.position() + " (RFC 4566 5: text is UTF-8)");
        }
        decoder.flush(out);
        return parseText(out.flip().toString());
    }

    static SessionDescription parse(String body) throws SdpParseException {
        if (body == null) {
            throw new SdpParseException(0, "body", "missing");
        }
        // UTF-8 never has fewer bytes than UTF-16 chars: a longer string is too large without counting.
        if (body.length() > SdpSyntax.MAX_BODY_BYTES) {
            throw tooLarge(body.length());
        }
        long bytes = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < body.length() && Character.isLowSurrogate(body.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                // It could not be sent as UTF-8: refuse it rather than let the writer replace it.
                throw new SdpParseException(0, "body", "an unpaired surrogate at character offset " + i + " is not Unicode text");
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        if (bytes > SdpSyntax.MAX_BODY_BYTES) {
            throw tooLarge(bytes);
        }
        return parseText(body);
    }

    private static SdpParseException tooLarge(long bytes) {
        return new SdpParseException(0, "body", "at least " + bytes + " bytes, at most " + SdpSyntax.MAX_BODY_BYTES + " allowed");
    }

    private static SessionDescription parseText(String body) throws SdpParseException {
        if (body.isEmpty()) {
            throw new SdpParseException(0, "body", "empty; an SDP body starts with v=0");
        }
        Session session = new Session();
        int lineNumber = 0;
        int start = 0;
        while (start < body.length()) {
            lineNumber++;
            int end = body.indexOf('\n', start);
            if (end < 0) {
                end = body.length();
            }
            int contentEnd = end;
            if (contentEnd > start && body.charAt(contentEnd - 1) == '\r') {
                if (end == body.length()) {
                    throw new SdpParseException(lineNumber, "line", "ends with CR without LF");
                }
                contentEnd--;
            }
            String line = body.substring(start, contentEnd);
            if (line.length() > SdpSyntax.MAX_LINE) {
                throw new SdpParseException(lineNumber, "line", "longer than " + SdpSyntax.MAX_LINE + " characters");
            }
            if (line.indexOf('\r') >= 0) {
                throw new SdpParseException(lineNumber, "line", "a CR inside the line (lines end with CRLF or LF)");
            }
            session.line(lineNumber, line);
            start = end + 1;
        }
        return session.finish(lineNumber);
    }

    /** The lines read so far, and the media description being read. */
    private static final class Session {

        private int phase = -1;
        private Origin origin;
        private String sessionName;
        private Optional<String> information = Optional.empty();
        private Optional<Connection> connection = Optional.empty();
        private final List<Bandwidth> bandwidths = new ArrayList<>();
        private final List<Timing> timings = new ArrayList<>();
        private final List<Attribute> attributes = new ArrayList<>();
        private final AttributeRules attributeRules = new AttributeRules();
        private final List<MediaDescription> media = new ArrayList<>();
        private Media current;

        void line(int number, String line) throws SdpParseException {
            if (line.isEmpty()) {
                throw new SdpParseException(number, "line", "empty line");
            }
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                // Only the first character is quoted: the rest of a mangled line may be a key.
                throw new SdpParseException(number, "line", "expected <type>=<value> with a lower-case letter type, got a line starting with "
                        + SdpSyntax.describe(line.charAt(0)));
            }
            char type = line.charAt(0);
            String field = type + "=";
            String value = line.substring(2);
            try {
                if ("uepzrk".indexOf(type) >= 0) {
                    throw new SdpParseException(number, field, type == 'k'
                            ? "k= lines are refused: keys in clear, obsoleted by RFC 8866 5.12 (use a=crypto or a=key-mgmt)"
                            : "not supported by this unit (supported: v o s i c b t a m)");
                }
                if (type == 'm') {
                    startMedia(number, value);
                } else if (current != null) {
                    current.line(number, type, value);
                } else {
                    sessionLine(number, type, value);
                }
            } catch (InvalidFieldException e) {
                throw new SdpParseException(number, e.field(), e.problem());
            }
        }

        private void sessionLine(int number, char type, String value) throws SdpParseException {
            int index = SESSION_ORDER.indexOf(type);
            String field = type + "=";
            if (index < 0) {
                throw new SdpParseException(number, field, "unknown line type (RFC 4566 5: v o s i c b t a m)");
            }
            if (phase < 0 && type != 'v') {
                throw new SdpParseException(number, field, "the body must start with v=0");
            }
            if (index < phase || (index == phase && REPEATABLE.indexOf(type) < 0)) {
                throw new SdpParseException(number, field, index == phase ? "a second " + field + " line"
                        : "out of order (RFC 4566 5: v o s i c b t a, then media m i c b a)");
            }
            if (index > 1 && origin == null) {
                throw new SdpParseException(number, field, "o= must come before (RFC 4566 5)");
            }
            if (index > 2 && sessionName == null) {
                throw new SdpParseException(number, field, "s= must come before (RFC 4566 5)");
            }
            phase = index;
            switch (type) {
                case 'v' -> {
                    if (!value.equals("0")) {
                        throw new SdpParseException(number, "v=", "'" + SdpSyntax.clip(value) + "' is not supported (allowed: 0)");
                    }
                }
                case 'o' -> {
                    String[] f = fields(number, "o=", value, 6, "<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>");
                    origin = new Origin(f[0], SdpSyntax.number("o= sess-id", f[1], Long.MAX_VALUE),
                            SdpSyntax.number("o= sess-version", f[2], Long.MAX_VALUE), f[3], f[4], f[5]);
                }
                case 's' -> sessionName = SdpSyntax.text("s=", value);
                case 'i' -> information = Optional.of(SdpSyntax.text("i=", value));
                case 'c' -> connection = Optional.of(connection(number, value));
                case 'b' -> bandwidths.add(bandwidth(number, value));
                case 't' -> {
                    String[] f = fields(number, "t=", value, 2, "<start-time> <stop-time>");
                    timings.add(new Timing(SdpSyntax.number("t= start-time", f[0], Long.MAX_VALUE),
                            SdpSyntax.number("t= stop-time", f[1], Long.MAX_VALUE)));
                }
                case 'a' -> {
                    Attribute a = Attribute.parse(value);
                    attributeRules.check(a);
                    attributes.add(a);
                }
                default -> throw new IllegalStateException("unreachable: " + type);
            }
        }

        private void startMedia(int number, String value) throws SdpParseException {
            if (origin == null || sessionName == null || timings.isEmpty()) {
                throw new SdpParseException(number, "m=", "the session part needs v=, o=, s= and t= before the first m= line (RFC 4566 5)");
            }
            finishMedia();
            if (media.size() == SdpSyntax.MAX_MEDIA) {
                throw new SdpParseException(number, "m=", "more than " + SdpSyntax.MAX_MEDIA + " media descriptions");
            }
            phase = SESSION_ORDER.length();
            String[] f = value.split(" ", -1);
            if (f.length < 4) {
                throw new SdpParseException(number, "m=", "expected <media> <port>[/<number of ports>] <proto> <fmt> ...");
            }
            checkSingleSpaces(number, "m=", f);
            String port = f[1];
            OptionalInt count = OptionalInt.empty();
            int slash = port.indexOf('/');
            if (slash >= 0) {
                count = OptionalInt.of((int) SdpSyntax.number("m= number of ports", port.substring(slash + 1), 65535));
                port = port.substring(0, slash);
            }
            current = new Media(number, f[0], (int) SdpSyntax.number("m= port", port, 65535), count, f[2],
                    List.of(f).subList(3, f.length));
            current.build(); // the m= line alone must be valid: its errors are reported on its own line
        }

        private void finishMedia() throws SdpParseException {
            if (current != null) {
                media.add(current.build());
                current = null;
            }
        }

        SessionDescription finish(int lastLine) throws SdpParseException {
            finishMedia();
            if (origin == null || sessionName == null || timings.isEmpty()) {
                throw new SdpParseException(0, origin == null ? "o=" : sessionName == null ? "s=" : "t=",
                        "missing (RFC 4566 5: v=, o=, s= and t= are required)");
            }
            try {
                return new SessionDescription(origin, sessionName, information, connection, bandwidths, timings, attributes, media);
            } catch (InvalidFieldException e) {
                throw new SdpParseException(0, e.field(), e.problem());
            }
        }
    }

    /** One media description being read. */
    private static final class Media {

        private final int line;
        private final String media;
        private final int port;
        private final OptionalInt portCount;
        private final String protocol;
        private final List<String> formats;
        private int phase = -1;
        private Optional<String> information = Optional.empty();
        private Optional<Connection> connection = Optional.empty();
        private final List<Bandwidth> bandwidths = new ArrayList<>();
        private final List<Attribute> attributes = new ArrayList<>();
        private final AttributeRules attributeRules = new AttributeRules();

        Media(int line, String media, int port, OptionalInt portCount, String protocol, List<String> formats) {
            this.line = line;
            this.media = media;
            this.port = port;
            this.portCount = portCount;
            this.protocol = protocol;
            this.formats = formats;
        }

        void line(int number, char type, String value) throws SdpParseException {
            int index = MEDIA_ORDER.indexOf(type);
            String field = type + "=";
            if (index < 0) {
                throw new SdpParseException(number, field, "not allowed in a media description (RFC 4566 5: m i c b a), the one of line " + line);
            }
            if (index < phase || (index == phase && REPEATABLE.indexOf(type) < 0)) {
                throw new SdpParseException(number, field, index == phase ? "a second " + field + " line in the media description of line " + line
                        : "out of order (RFC 4566 5: m i c b a)");
            }
            phase = index;
            switch (type) {
                case 'i' -> information = Optional.of(SdpSyntax.text("i=", value));
                case 'c' -> connection = Optional.of(connection(number, value));
                case 'b' -> bandwidths.add(bandwidth(number, value));
                case 'a' -> {
                    Attribute a = Attribute.parse(value);
                    attributeRules.check(a);
                    attributes.add(a);
                }
                default -> throw new IllegalStateException("unreachable: " + type);
            }
        }

        MediaDescription build() throws SdpParseException {
            try {
                return new MediaDescription(media, port, portCount, protocol, formats, information, connection, bandwidths, attributes);
            } catch (InvalidFieldException e) {
                throw new SdpParseException(line, e.field(), e.problem());
            }
        }
    }

    private static Connection connection(int number, String value) throws SdpParseException {
        String[] f = fields(number, "c=", value, 3, "<nettype> <addrtype> <connection-address>");
        return new Connection(f[0], f[1], f[2]);
    }

    private static Bandwidth bandwidth(int number, String value) throws SdpParseException {
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw new SdpParseException(number, "b=", "expected <bwtype>:<bandwidth>");
        }
        return new Bandwidth(value.substring(0, colon), SdpSyntax.number("b= bandwidth", value.substring(colon + 1), Long.MAX_VALUE));
    }

    /** Exactly {@code count} fields separated by single spaces (RFC 4566 5: "a single space"). */
    private static String[] fields(int number, String field, String value, int count, String expected) throws SdpParseException {
        String[] f = value.split(" ", -1);
        if (f.length != count) {
            throw new SdpParseException(number, field, "expected " + expected + " (" + count + " fields separated by single spaces), got " + f.length);
        }
        checkSingleSpaces(number, field, f);
        return f;
    }

    private static void checkSingleSpaces(int number, String field, String[] fields) throws SdpParseException {
        for (String f : fields) {
            if (f.isEmpty()) {
                throw new SdpParseException(number, field, "fields are separated by single spaces, without leading or trailing space");
            }
        }
    }
}
