package org.secureta.provisioning.ladder;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes key material from an SDP body before anything keeps or shows it: SDES keys
 * ({@code a=crypto ... inline:KEY||SALT|lifetime|mki}, RFC 4568 6.1: the key and salt go, the
 * lifetime and MKI stay because they explain mismatches), MIKEY messages
 * ({@code a=key-mgmt:mikey DATA}, RFC 4567 3: only the protocol and the size stay) and the
 * {@code k=} line of RFC 4566 5.12. Applied to the whole body, whatever the line it is on, so a
 * malformed or misplaced line cannot slip through. Applying it twice changes nothing.
 */
public final class KeyMaterialRedaction {

    public static final String REDACTED = "<redacted>";

    // RFC 4568 6.1: key-info = key-salt ["|" lifetime] ["|" mki]; key-params are separated by ';'.
    private static final Pattern INLINE = Pattern.compile("(?i)(inline:)[^|;\\s]*");
    // RFC 4567 3.1: a=key-mgmt:<prtcl-id> <keymgmt-data>
    private static final Pattern KEY_MGMT = Pattern.compile("(?im)^(a\\s*=\\s*key-mgmt\\s*:\\s*)(\\S+)[ \\t]+([^\\r\\n]*)$");
    // RFC 4566 5.12: k=<method>:<encryption key>
    private static final Pattern K_LINE = Pattern.compile("(?im)^(k\\s*=\\s*)(?:(clear|base64|uri):)?([^\\r\\n]*)$");
    private static final Pattern SIZE_NOTE = Pattern.compile("<(\\d+ bytes|unreadable, \\d+ characters)>");

    private KeyMaterialRedaction() {
    }

    public static String redact(String body) {
        if (body == null || body.isEmpty()) {
            return "";
        }
        String s = INLINE.matcher(body).replaceAll("$1" + Matcher.quoteReplacement(REDACTED));
        s = replace(KEY_MGMT, s, m -> m.group(1) + m.group(2) + " " + sizeOf(m.group(3).strip()));
        return replace(K_LINE, s, m -> {
            String method = m.group(2);
            String value = m.group(3);
            if (method == null && (value.strip().equalsIgnoreCase("prompt") || value.isBlank())) {
                return m.group(0);
            }
            return m.group(1) + (method == null ? "" : method + ":") + REDACTED;
        });
    }

    private static String sizeOf(String data) {
        if (SIZE_NOTE.matcher(data).matches()) {
            return data;
        }
        try {
            return "<" + Base64.getDecoder().decode(data).length + " bytes>";
        } catch (IllegalArgumentException e) {
            return "<unreadable, " + data.length() + " characters>";
        }
    }

    private static String replace(Pattern pattern, String s, java.util.function.Function<Matcher, String> replacement) {
        Matcher m = pattern.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
