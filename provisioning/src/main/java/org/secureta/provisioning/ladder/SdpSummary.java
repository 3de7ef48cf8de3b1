package org.secureta.provisioning.ladder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A one-line summary of what an SDP body offers or answers, per media line: the transport
 * protocol, the key management and its suites ({@code RTP/SAVP SDES AES_CM_128_HMAC_SHA1_80},
 * {@code RTP/SAVP MIKEY}, {@code RTP/AVP}, {@code image udptl t38}), a refused stream (port 0,
 * RFC 3264 6) and a direction other than sendrecv (hold). Line-based on purpose: a ladder must
 * show what was on the wire even when the body is malformed, so nothing here rejects input.
 */
public final class SdpSummary {

    private SdpSummary() {
    }

    /** The summary, or empty for no body; a body that is not SDP is only counted. */
    public static String of(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String[] lines = body.split("\r?\n");
        if (!lines[0].strip().startsWith("v=")) {
            return "body " + body.length() + " characters, not SDP";
        }
        boolean sessionMikey = false;
        String sessionDirection = null;
        List<Media> media = new ArrayList<>();
        Media current = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                current = Media.of(line.substring(2));
                media.add(current);
            } else if (line.startsWith("a=")) {
                String attribute = line.substring(2);
                String name = attribute.contains(":") ? attribute.substring(0, attribute.indexOf(':')) : attribute;
                name = name.strip().toLowerCase(Locale.ROOT);
                String value = attribute.contains(":") ? attribute.substring(attribute.indexOf(':') + 1).strip() : "";
                switch (name) {
                    case "key-mgmt" -> {
                        // RFC 4567 3: at session level it applies to every media line.
                        String protocol = value.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
                        if (current == null) {
                            sessionMikey = sessionMikey || protocol.equals("MIKEY");
                        } else {
                            current.keying.add(protocol);
                        }
                    }
                    case "crypto" -> {
                        if (current != null) {
                            String[] parts = value.split("\\s+");
                            current.suites.add(parts.length > 1 ? parts[1] : "?");
                        }
                    }
                    case "sendrecv", "sendonly", "recvonly", "inactive" -> {
                        if (current == null) {
                            sessionDirection = name;
                        } else {
                            current.direction = name;
                        }
                    }
                    default -> {
                        // other attributes do not change what the ladder shows
                    }
                }
            }
        }
        if (media.isEmpty()) {
            return "SDP without media";
        }
        List<String> parts = new ArrayList<>();
        for (Media m : media) {
            parts.add(m.summary(sessionMikey, sessionDirection));
        }
        return String.join(", ", parts);
    }

    private static final class Media {
        final String type;
        final String port;
        final String protocol;
        final List<String> formats;
        final Set<String> suites = new LinkedHashSet<>();
        final Set<String> keying = new LinkedHashSet<>();
        String direction;

        private Media(String type, String port, String protocol, List<String> formats) {
            this.type = type;
            this.port = port;
            this.protocol = protocol;
            this.formats = formats;
        }

        static Media of(String m) {
            String[] f = m.strip().split("\\s+");
            return new Media(f[0], f.length > 1 ? f[1] : "?", f.length > 2 ? f[2] : "?",
                    f.length > 3 ? List.of(f).subList(3, f.length) : List.of());
        }

        String summary(boolean sessionMikey, String sessionDirection) {
            StringBuilder s = new StringBuilder();
            boolean rtp = protocol.toUpperCase(Locale.ROOT).contains("RTP/");
            if (!type.equals("audio") || !rtp) {
                s.append(type).append(' ');
            }
            s.append(protocol);
            if (!rtp) {
                formats.forEach(f -> s.append(' ').append(f));
            }
            if (port.equals("0")) {
                return s.append(" refused").toString();
            }
            if (!suites.isEmpty()) {
                s.append(" SDES ").append(String.join(",", suites));
            }
            Set<String> keys = new LinkedHashSet<>(keying);
            if (sessionMikey) {
                keys.add("MIKEY");
            }
            keys.forEach(k -> s.append(' ').append(k));
            if (protocol.toUpperCase(Locale.ROOT).contains("SAVP") && suites.isEmpty() && keys.isEmpty()) {
                s.append(" without keys");
            }
            String d = direction != null ? direction : sessionDirection;
            if (d != null && !d.equals("sendrecv")) {
                s.append(' ').append(d);
            }
            return s.toString();
        }
    }
}
