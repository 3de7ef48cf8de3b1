package org.secureta.provisioning.ladder;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.secureta.transport.SipMessageRecord.Direction;
import org.secureta.transport.Transport;

/**
 * The trace line: one line per message, ten fields separated by TAB, so that {@code ta:trace} in
 * one container can be merged by {@code ta:ladder --with} in another (docs/ladder.md):
 *
 * <pre>time direction transport local remote call-id cseq first-line security body</pre>
 *
 * <p>{@code time} is an ISO-8601 instant, {@code direction} SENT or RECEIVED, {@code transport}
 * UDP, TCP or TLS. In the text fields a backslash, TAB, LF and CR are written {@code \\},
 * {@code \t}, {@code \n}, {@code \r}; the body is the redacted SDP. Empty lines and lines starting
 * with {@code #} are comments.
 */
public final class TraceFormat {

    public static final String HEADER = "# secureta trace 1: time\tdirection\ttransport\tlocal\tremote\tcall-id\tcseq\tfirst-line\tsecurity\tbody";

    private static final String[] FIELDS = {"time", "direction", "transport", "local", "remote", "call-id", "cseq", "first-line",
        "security", "body"};
    /** A longer line is not one of ours; refusing it bounds the work of reading a hostile file. */
    static final int MAX_LINE = 64 * 1024;

    private TraceFormat() {
    }

    public static String line(TracedMessage m) {
        return String.join("\t", m.time().toString(), m.direction().name(), m.transport().name(), escape(m.local()),
                escape(m.remote()), escape(m.callId()), escape(m.cseq()), escape(m.firstLine()), escape(m.security()),
                escape(m.body()));
    }

    public static String lines(List<TracedMessage> messages) {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        messages.forEach(m -> s.append(line(m)).append('\n'));
        return s.toString();
    }

    /** Reads every message of {@code text}; the first bad line stops it with its number and field. */
    public static List<TracedMessage> parse(String text, String source) throws TraceFormatException {
        List<TracedMessage> messages = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            messages.add(parseLine(line, source, i + 1));
        }
        return messages;
    }

    static TracedMessage parseLine(String line, String source, int number) throws TraceFormatException {
        if (line.length() > MAX_LINE) {
            throw new TraceFormatException(source, number, "line", "longer than " + MAX_LINE + " characters");
        }
        String[] f = line.split("\t", -1);
        if (f.length != FIELDS.length) {
            throw new TraceFormatException(source, number, "line", f.length + " TAB-separated fields, expected " + FIELDS.length
                    + " (" + String.join(" ", FIELDS) + ")");
        }
        Instant time;
        try {
            time = Instant.parse(f[0]);
        } catch (DateTimeParseException e) {
            throw new TraceFormatException(source, number, "time", "'" + shorten(f[0]) + "' is not an ISO-8601 instant (2026-11-27T02:10:00.123Z)");
        }
        Direction direction = enumValue(Direction.class, f[1], source, number, "direction");
        Transport transport = enumValue(Transport.class, f[2], source, number, "transport");
        String[] text = new String[FIELDS.length];
        for (int i = 3; i < FIELDS.length; i++) {
            text[i] = unescape(f[i], source, number, FIELDS[i]);
        }
        for (int i = 3; i <= 7; i++) {
            if (text[i].isBlank()) {
                throw new TraceFormatException(source, number, FIELDS[i], "empty");
            }
        }
        return new TracedMessage(time, direction, text[3], text[4], transport, text[8], text[7], text[5], text[6], text[9]);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String source, int number, String field)
            throws TraceFormatException {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        throw new TraceFormatException(source, number, field, "'" + shorten(value) + "', allowed: "
                + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String s, String source, int number, String field) throws TraceFormatException {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 == s.length()) {
                throw new TraceFormatException(source, number, field, "ends with a lone backslash");
            }
            char e = s.charAt(++i);
            switch (e) {
                case '\\' -> out.append('\\');
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                default -> throw new TraceFormatException(source, number, field, "unknown escape \\" + e
                        + " at character " + (i - 1) + " (allowed: \\\\ \\t \\n \\r)");
            }
        }
        return out.toString();
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
