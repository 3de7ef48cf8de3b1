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
        // The transport thread pays for this: look for the markers before running any pattern.
        String s = indexOfIgnoreCase(body, "inline:", 0) < 0 ? body : redactInline(body);
        if (indexOfIgnoreCase(s, "key-mgmt", 0) >= 0) {
            s = replace(KEY_MGMT, s, m -> m.group(1) + m.group(2) + " " + sizeOf(m.group(3).strip()));
        }
        if (!(s.startsWith("k") || s.startsWith("K") || s.contains("\nk") || s.contains("\nK"))) {
            return s;
        }
        return replace(K_LINE, s, m -> {
            String method = m.group(2);
            String value = m.group(3);
            if (method == null && (value.strip().equalsIgnoreCase("prompt") || value.isBlank())) {
                return m.group(0);
            }
            return m.group(1) + (method == null ? "" : method + ":") + REDACTED;
        });
    }

    /** Every {@code inline:} key-salt replaced, up to the next '|', ';' or white space. */
    private static String redactInline(String body) {
        StringBuilder out = new StringBuilder(body.length());
        int from = 0;
        int at;
        while ((at = indexOfIgnoreCase(body, "inline:", from)) >= 0) {
            int keyStart = at + "inline:".length();
            int keyEnd = keyStart;
            while (keyEnd < body.length() && "|; \t\r\n".indexOf(body.charAt(keyEnd)) < 0) {
                keyEnd++;
            }
            out.append(body, from, keyStart).append(REDACTED);
            from = keyEnd;
        }
        return out.append(body, from, body.length()).toString();
    }

    private static int indexOfIgnoreCase(String s, String what, int from) {
        for (int i = from; i <= s.length() - what.length(); i++) {
            if (s.regionMatches(true, i, what, 0, what.length())) {
                return i;
            }
        }
        return -1;
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
