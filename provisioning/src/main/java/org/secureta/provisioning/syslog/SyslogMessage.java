package org.secureta.provisioning.syslog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One RFC 5424 syslog message:
 * {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD-ID name="value" ...] MSG}.
 *
 * @param facility       0..23 (RFC 5424 6.2.1, table 1); the unit uses local0 (16)
 * @param appName        the unit's service (SipEp, Mipt, Cert, Hoc)
 * @param messageId      what kind of message (the unit event's kind)
 * @param structuredData parameters of the one SD element {@link #SD_ID}, in order
 * @param text           the human-readable MSG part
 */
public record SyslogMessage(int facility, Severity severity, Instant timestamp, String hostName, String appName,
                            String messageId, Map<String, String> structuredData, String text) {

    /** The facility of every unit message: local use 0. */
    public static final int LOCAL0 = 16;

    /**
     * The SD-ID of the unit's structured data. A private SD-ID needs an enterprise number
     * (RFC 5424 6.3.2); 32473 is the one reserved for documentation and examples (RFC 5612).
     */
    public static final String SD_ID = "secureta@32473";

    private static final char BOM = '\uFEFF';

    public SyslogMessage {
        if (facility < 0 || facility > 23) {
            throw new IllegalArgumentException("facility " + facility + " is not 0..23");
        }
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(timestamp, "timestamp");
        structuredData = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(structuredData));
        Objects.requireNonNull(text, "text");
    }

    /** PRI = facility * 8 + severity (RFC 5424 6.2.1). */
    public int priority() {
        return facility * 8 + severity.code();
    }

    /** The message as it goes on the wire, UTF-8. */
    public byte[] encode() {
        StringBuilder s = new StringBuilder(128)
                .append('<').append(priority()).append(">1 ")
                // RFC 5424 6.2.3: at most microseconds; UTC with "Z".
                .append(timestamp.truncatedTo(ChronoUnit.MILLIS)).append(' ')
                .append(headerField(hostName, 255)).append(' ')
                .append(headerField(appName, 48)).append(' ')
                .append('-').append(' ')
                .append(headerField(messageId, 32)).append(' ');
        if (structuredData.isEmpty()) {
            s.append('-');
        } else {
            s.append('[').append(SD_ID);
            structuredData.forEach((name, value) -> {
                String paramName = sdName(name);
                if (!paramName.isEmpty()) {
                    s.append(' ').append(paramName).append("=\"").append(escapeParamValue(value)).append('"');
                }
            });
            s.append(']');
        }
        if (!text.isEmpty()) {
            s.append(' ');
            // MSG-UTF8 starts with a BOM (6.4); plain ASCII is valid either way, so only mark real UTF-8.
            if (!text.chars().allMatch(c -> c < 0x80)) {
                s.append(BOM);
            }
            s.append(text.replace('\n', ' '));
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Header fields are printable US-ASCII without spaces, "-" when empty (6.2). */
    private static String headerField(String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder s = new StringBuilder(value.length());
        for (int i = 0; i < value.length() && s.length() < maxLength; i++) {
            char c = value.charAt(i);
            s.append(c > 32 && c < 127 ? c : '_');
        }
        return s.toString();
    }

    /** SD-NAME: 1..32 printable US-ASCII except '=', ' ', ']', '"' (6.3.3). */
    private static String sdName(String name) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < name.length() && s.length() < 32; i++) {
            char c = name.charAt(i);
            if (c > 32 && c < 127 && c != '=' && c != ']' && c != '"') {
                s.append(c);
            }
        }
        return s.toString();
    }

    /** Inside PARAM-VALUE, '"', '\' and ']' are escaped with '\' (6.3.3). */
    private static String escapeParamValue(String value) {
        StringBuilder s = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\' || c == ']') {
                s.append('\\');
            }
            s.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return new String(encode(), StandardCharsets.UTF_8);
    }
}
