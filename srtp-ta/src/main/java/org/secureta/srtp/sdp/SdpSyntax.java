package org.secureta.srtp.sdp;

import java.util.regex.Pattern;

/** The RFC 4566 section 9 grammar rules the records check their fields against. */
final class SdpSyntax {

    /** Longest line, type and '=' included, without its line ending. */
    static final int MAX_LINE = 4096;
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_MEDIA = 64;

    private static final Pattern IP4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern FQDN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?");

    private SdpSyntax() {
    }

    /** token-char: visible ASCII except space and {@code " ( ) , / : ; < = > ? @ [ \ ] }}. */
    static boolean isTokenChar(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D || c == 0x2E
                || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x5E && c <= 0x7E);
    }

    static String token(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidFieldException(field, "missing");
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isTokenChar(value.charAt(i))) {
                throw new InvalidFieldException(field, "character " + describe(value.charAt(i)) + " at offset " + i + " is not allowed in a token");
            }
        }
        return value;
    }

    /** non-ws-string: visible characters, no space, no control character. */
    static String nonWhitespace(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidFieldException(field, "missing");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
                throw new InvalidFieldException(field, "character " + describe(c) + " at offset " + i + " is not allowed (no space or control character)");
            }
        }
        return value;
    }

    /** byte-string / text: anything but NUL, CR and LF, not empty. */
    static String text(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidFieldException(field, "must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') {
                throw new InvalidFieldException(field, "character " + describe(c) + " at offset " + i + " is not allowed");
            }
        }
        if (value.length() > MAX_LINE - 2) {
            throw new InvalidFieldException(field, value.length() + " characters make the line longer than " + MAX_LINE);
        }
        return value;
    }

    /** A decimal number without sign, at most {@code max}. */
    static long number(String field, String value, long max) {
        if (value == null || value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidFieldException(field, "'" + clip(value) + "' is not a decimal number (allowed 0.." + max + ")");
        }
        String digits = stripLeadingZeros(value);
        if (digits.length() > 19 || (digits.length() == 19 && digits.compareTo(Long.toString(Long.MAX_VALUE)) > 0)
                || Long.parseLong(digits) > max) {
            throw new InvalidFieldException(field, clip(digits) + " is out of range 0.." + max);
        }
        return Long.parseLong(digits);
    }

    /** "007" to "7", "000" to "0". */
    static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    static void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidFieldException(field, value + " is out of range " + min + ".." + max);
        }
    }

    /**
     * A unicast or connection address of the given type: an IPv4 literal or a host name for IP4,
     * an IPv6 literal or a host name for IP6, with the {@code /ttl[/count]} or {@code /count}
     * multicast suffix when allowed.
     */
    static String address(String field, String addressType, String value, boolean multicastSuffix) {
        nonWhitespace(field, value);
        String host = value;
        int slash = value.indexOf('/');
        if (slash >= 0) {
            if (!multicastSuffix) {
                throw new InvalidFieldException(field, "'/' is only allowed in a c= multicast address");
            }
            host = value.substring(0, slash);
            String[] suffix = value.substring(slash + 1).split("/", -1);
            if (suffix.length > 2) {
                throw new InvalidFieldException(field, "at most /ttl/count may follow a multicast address");
            }
            for (String s : suffix) {
                number(field + " multicast suffix", s, Integer.MAX_VALUE);
            }
        }
        var ip4 = IP4.matcher(host);
        if (ip4.matches()) {
            if (!addressType.equals("IP4")) {
                throw new InvalidFieldException(field, "an IPv4 address needs address type IP4");
            }
            for (int g = 1; g <= 4; g++) {
                if (Integer.parseInt(ip4.group(g)) > 255) {
                    throw new InvalidFieldException(field, "IPv4 address byte " + ip4.group(g) + " is above 255");
                }
            }
            return value;
        }
        if (addressType.equals("IP6") && isIp6Literal(host)) {
            return value;
        }
        if (FQDN.matcher(host).matches() && host.chars().anyMatch(Character::isLetter) && host.length() <= 253) {
            return value;
        }
        throw new InvalidFieldException(field, "'" + clip(value) + "' is not an " + (addressType.equals("IP4") ? "IPv4" : "IPv6")
                + " address or a host name");
    }

    /** Hex digits, ':' and '.' with at least one ':'; checked by hand, a regular expression could backtrack. */
    private static boolean isIp6Literal(String host) {
        boolean colon = false;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            colon |= c == ':';
            if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0 && c < 0x80)) {
                return false;
            }
        }
        return colon;
    }

    static String addressType(String field, String value) {
        if (!"IP4".equals(value) && !"IP6".equals(value)) {
            throw new InvalidFieldException(field, "'" + clip(value) + "' is not allowed (allowed: IP4, IP6)");
        }
        return value;
    }

    static String networkType(String field, String value) {
        if (!"IN".equals(value)) {
            throw new InvalidFieldException(field, "'" + clip(value) + "' is not allowed (allowed: IN)");
        }
        return value;
    }

    static String describe(char c) {
        return c >= 0x21 && c <= 0x7E ? "'" + c + "'" : String.format("0x%02X", (int) c);
    }

    static String clip(String value) {
        if (value == null) {
            return "";
        }
        String shown = value.length() <= 40 ? value : value.substring(0, 40) + "...";
        StringBuilder out = new StringBuilder();
        shown.chars().forEach(c -> out.append(c < 0x20 || c == 0x7F ? '?' : (char) c));
        return out.toString();
    }
}
