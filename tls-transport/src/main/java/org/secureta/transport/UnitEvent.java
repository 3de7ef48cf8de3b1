package org.secureta.transport;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened in the unit, as printed on standard output with {@code --no-shell} and
 * kept by {@code ta:status}: {@code TIME KIND key=value ...}. The first attribute names what the
 * event is about (line, gateway, call); a later event of the same kind about the same thing
 * replaces it in the status. The format is documented in docs/events.md and is stable: scripts
 * parse it.
 *
 * <p>Components post it through EventAdmin on topic {@code org/secureta/unit/KIND}.
 */
public final class UnitEvent {

    public static final String TOPIC_PREFIX = "org/secureta/unit/";
    public static final String TOPIC_ALL = TOPIC_PREFIX + "*";

    /** Well-known kinds; others may be added by extension bundles. */
    public static final String UNIT = "UNIT";
    public static final String PROFILE = "PROFILE";
    public static final String TRANSPORT = "TRANSPORT";
    public static final String TLS_LINK = "TLS_LINK";
    public static final String REGISTRATION = "REGISTRATION";
    public static final String CALL = "CALL";
    public static final String ERROR = "ERROR";

    private static final String PROP_TIME = "time";
    private static final String PROP_KEYS = "keys";

    private final Instant time;
    private final String kind;
    private final Map<String, String> attributes;

    private UnitEvent(Instant time, String kind, Map<String, String> attributes) {
        this.time = time.truncatedTo(ChronoUnit.MILLIS);
        this.kind = requireWord(kind, "kind");
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("an event needs at least the attribute naming its subject");
        }
        attributes.keySet().forEach(k -> requireWord(k, "attribute name"));
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** An event of {@code kind} with attributes given as name, value pairs, subject first. */
    public static UnitEvent of(String kind, String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            attributes.put(namesAndValues[i], Objects.requireNonNull(namesAndValues[i + 1], namesAndValues[i]));
        }
        return new UnitEvent(Instant.now(), kind, attributes);
    }

    public Instant time() {
        return time;
    }

    public String kind() {
        return kind;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    public String get(String name) {
        return attributes.get(name);
    }

    /** Kind plus the first attribute: what a newer event replaces in the status. */
    public String subject() {
        Map.Entry<String, String> first = attributes.entrySet().iterator().next();
        return kind + " " + first.getKey() + "=" + first.getValue();
    }

    public String topic() {
        return TOPIC_PREFIX + kind;
    }

    /** The EventAdmin properties of this event; attribute order is kept in {@code keys}. */
    public Map<String, Object> toProperties() {
        Map<String, Object> properties = new HashMap<>(attributes);
        properties.put(PROP_TIME, time.toEpochMilli());
        properties.put(PROP_KEYS, attributes.keySet().toArray(new String[0]));
        return properties;
    }

    /** Rebuilds an event from a topic and the properties written by {@link #toProperties()}. */
    public static UnitEvent fromProperties(String topic, Map<String, ?> properties) {
        if (!topic.startsWith(TOPIC_PREFIX)) {
            throw new IllegalArgumentException("not a unit event topic: " + topic);
        }
        Object keys = properties.get(PROP_KEYS);
        if (!(keys instanceof String[])) {
            throw new IllegalArgumentException("unit event without attribute order");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String key : (String[]) keys) {
            attributes.put(key, String.valueOf(properties.get(key)));
        }
        Object millis = properties.get(PROP_TIME);
        Instant time = millis instanceof Long ? Instant.ofEpochMilli((Long) millis) : Instant.now();
        return new UnitEvent(time, topic.substring(TOPIC_PREFIX.length()), attributes);
    }

    /** {@code 2026-11-26T23:59:01.123Z REGISTRATION line=1 state=Registered user=100}. */
    public String toLine() {
        StringBuilder line = new StringBuilder(80).append(time).append(' ').append(kind);
        attributes.forEach((k, v) -> line.append(' ').append(k).append('=').append(quote(v)));
        return line.toString();
    }

    /** Parses a line written by {@link #toLine()}. */
    public static UnitEvent parseLine(String line) {
        List<String> words = splitWords(line);
        if (words.size() < 3) {
            throw new IllegalArgumentException("not an event line: " + line);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String word : words.subList(2, words.size())) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("attribute without '=' in event line: " + word);
            }
            attributes.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return new UnitEvent(Instant.parse(words.get(0)), words.get(1), attributes);
    }

    private static String quote(String value) {
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c > ' ' && c != '"' && c != '\\' && c < 0x7f;
        }
        if (plain) {
            return value;
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c == '\n') {
                quoted.append("\\n");
            } else if (c < ' ') {
                quoted.append(' ');
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static List<String> splitWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inQuotes = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inQuotes) {
                if (c == '\\' && i + 1 < line.length()) {
                    char next = line.charAt(++i);
                    word.append(next == 'n' ? '\n' : next);
                } else if (c == '"') {
                    inQuotes = false;
                } else {
                    word.append(c);
                }
            } else if (c == '"') {
                inQuotes = true;
                any = true;
            } else if (c == ' ') {
                if (any) {
                    words.add(word.toString());
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(c);
                any = true;
            }
        }
        if (inQuotes) {
            throw new IllegalArgumentException("unterminated quote in event line: " + line);
        }
        if (any) {
            words.add(word.toString());
        }
        return words;
    }

    private static String requireWord(String s, String what) {
        if (s == null || s.isEmpty() || !s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
            throw new IllegalArgumentException("invalid event " + what + ": '" + s + "'");
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnitEvent
                && ((UnitEvent) o).time.equals(time)
                && ((UnitEvent) o).kind.equals(kind)
                && ((UnitEvent) o).attributes.equals(attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, kind, attributes);
    }

    @Override
    public String toString() {
        return toLine();
    }
}
