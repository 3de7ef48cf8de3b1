package org.secureta.srtp.sdes;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict parser of {@code a=crypto} (RFC 4568 9.1 generic grammar, 9.2 SRTP grammar). Every
 * field is bounded before it is converted, so hostile input costs time linear in its length, and
 * the input is capped at {@value #MAX_LENGTH} characters (the SDP line limit). Error messages
 * never quote key material.
 */
final class CryptoAttributeParser {

    static final int MAX_LENGTH = 4096;

    private static final String PREFIX = "crypto:";
    private static final Pattern WHITESPACE = Pattern.compile("[ \t]+");
    /** key||salt of AES_CM_128 suites: 30 bytes, exactly 40 base64 characters without padding. */
    private static final int KEY_SALT_BASE64_LENGTH = SdesSuite.KEY_SALT_LENGTH / 3 * 4;
    /** Digits of 2^1024 - 1, the largest value of a 128-byte MKI. */
    private static final int MAX_MKI_DIGITS = 309;

    private CryptoAttributeParser() {
    }

    static CryptoAttribute parse(String attribute) throws CryptoAttributeException {
        if (attribute == null) {
            throw new CryptoAttributeException(null, "attribute", "missing");
        }
        if (attribute.length() > MAX_LENGTH) {
            throw new CryptoAttributeException(null, "attribute", attribute.length() + " characters, at most " + MAX_LENGTH + " allowed");
        }
        String text = attribute.startsWith("a=") ? attribute.substring(2) : attribute;
        if (!text.startsWith(PREFIX)) {
            throw new CryptoAttributeException(null, "attribute", "must start with 'crypto:' (RFC 4568 9.1)");
        }
        String value = text.substring(PREFIX.length());
        checkCharacters(value);
        if (value.isEmpty() || isWhitespace(value.charAt(0))) {
            throw new CryptoAttributeException(null, "tag", "must follow 'crypto:' directly (tag = 1*9DIGIT)");
        }
        if (isWhitespace(value.charAt(value.length() - 1))) {
            throw new CryptoAttributeException(null, "attribute", "ends with whitespace");
        }
        String[] fields = WHITESPACE.split(value);
        int tag = parseTag(fields[0]);
        String tagText = fields[0];
        if (fields.length < 2) {
            throw new CryptoAttributeException(tagText, "crypto-suite", "missing");
        }
        String suiteName = fields[1];
        if (!suiteName.chars().allMatch(CryptoAttributeParser::isSuiteChar)) {
            throw new CryptoAttributeException(tagText, "crypto-suite", "only letters, digits and '_' are allowed (RFC 4568 9.1)");
        }
        if (fields.length < 3) {
            throw new CryptoAttributeException(tagText, "key-params", "missing (at least one key-method:key-info)");
        }
        String keyParams = fields[2];
        checkGenericKeyParams(tagText, keyParams);
        List<String> sessionParams = Arrays.asList(fields).subList(3, fields.length);

        Optional<SdesSuite> suite = SdesSuite.byName(suiteName);
        if (suite.isEmpty()) {
            return new UnsupportedCryptoAttribute(tag, suiteName, keyParams, sessionParams);
        }
        List<InlineKey> keys = parseKeys(tagText, "key-params", keyParams);
        SessionParameters session = parseSessionParameters(tagText, sessionParams);
        return new SrtpCryptoAttribute(tag, suite.get(), keys, session);
    }

    private static void checkCharacters(String value) throws CryptoAttributeException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 0x21 && c <= 0x7E) && !isWhitespace(c)) {
                throw new CryptoAttributeException(null, "attribute",
                        String.format("character 0x%02X at offset %d of the value is not allowed (visible ASCII, space and tab only)", (int) c, i));
            }
        }
    }

    private static int parseTag(String text) throws CryptoAttributeException {
        if (text.isEmpty() || text.length() > 9 || !allDigits(text)) {
            throw new CryptoAttributeException(null, "tag",
                    "must be 1 to 9 decimal digits (RFC 4568 9.1: tag = 1*9DIGIT), got " + text.length() + " characters"
                            + (allDigits(text) ? "" : " with a non-digit"));
        }
        return Integer.parseInt(text);
    }

    /** RFC 4568 9.1: key-param *(";" key-param), key-param = key-method ":" key-info. */
    private static void checkGenericKeyParams(String tag, String keyParams) throws CryptoAttributeException {
        for (String param : keyParams.split(";", -1)) {
            int colon = param.indexOf(':');
            if (colon <= 0 || colon == param.length() - 1) {
                throw new CryptoAttributeException(tag, "key-params", "each key-param must be key-method:key-info, separated by ';' without empty entries");
            }
            if (!param.substring(0, colon).chars().allMatch(CryptoAttributeParser::isSuiteChar)) {
                throw new CryptoAttributeException(tag, "key-params", "key-method allows letters, digits and '_' only");
            }
        }
    }

    private static List<InlineKey> parseKeys(String tag, String field, String keyParams) throws CryptoAttributeException {
        List<InlineKey> keys = new ArrayList<>();
        for (String param : keyParams.split(";", -1)) {
            keys.add(parseInlineKey(tag, field, param));
        }
        if (keys.size() > 1) {
            // RFC 4568 6.1: with several keys each carries an MKI; RFC 3711 3.2.1 fixes the MKI
            // length for the context, and the values must tell the keys apart.
            Set<BigInteger> values = new HashSet<>();
            int length = -1;
            for (InlineKey key : keys) {
                if (key.mki().isEmpty()) {
                    throw new CryptoAttributeException(tag, field, "several keys need an MKI each (RFC 4568 6.1)");
                }
                Mki mki = key.mki().get();
                if (length != -1 && mki.length() != length) {
                    throw new CryptoAttributeException(tag, field, "the MKIs of several keys must have one length (RFC 3711 3.2.1)");
                }
                length = mki.length();
                if (!values.add(mki.value())) {
                    throw new CryptoAttributeException(tag, field, "two keys have the same MKI value");
                }
            }
        }
        return keys;
    }

    /** RFC 4568 9.2: srtp-key-info = key-salt ["|" lifetime] ["|" mki]. */
    private static InlineKey parseInlineKey(String tag, String field, String param) throws CryptoAttributeException {
        int colon = param.indexOf(':');
        if (colon <= 0) {
            throw new CryptoAttributeException(tag, field, "must be inline:<key||salt>[|lifetime][|MKI:length]");
        }
        String method = param.substring(0, colon);
        if (!method.equalsIgnoreCase("inline")) {
            throw new CryptoAttributeException(tag, field, "key-method '" + clip(method) + "' is not supported (allowed: inline, the only SRTP method of RFC 4568 6.1)");
        }
        String[] parts = param.substring(colon + 1).split("\\|", -1);
        if (parts.length > 3) {
            throw new CryptoAttributeException(tag, field, parts.length + " '|' fields; allowed: key||salt[|lifetime][|MKI:length]");
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new CryptoAttributeException(tag, field, "empty '|' field; allowed: key||salt[|lifetime][|MKI:length]");
            }
        }
        byte[] keySalt = decodeKeySalt(tag, field, parts[0]);
        Optional<KeyLifetime> lifetime = Optional.empty();
        Optional<Mki> mki = Optional.empty();
        if (parts.length == 2) {
            if (parts[1].indexOf(':') >= 0) {
                mki = Optional.of(parseMki(tag, parts[1]));
            } else {
                lifetime = Optional.of(parseLifetime(tag, parts[1]));
            }
        } else if (parts.length == 3) {
            lifetime = Optional.of(parseLifetime(tag, parts[1]));
            mki = Optional.of(parseMki(tag, parts[2]));
        }
        return new InlineKey(keySalt, lifetime, mki);
    }

    /**
     * Exactly 40 characters of the base64 alphabet (RFC 4648 4): 30 bytes leave no spare bits
     * and need no padding, so there is one and only one encoding of each key.
     */
    private static byte[] decodeKeySalt(String tag, String field, String text) throws CryptoAttributeException {
        String what = field.equals("key-params") ? "key||salt" : field + " key||salt";
        if (text.length() != KEY_SALT_BASE64_LENGTH) {
            throw new CryptoAttributeException(tag, what, text.length() + " base64 characters; AES_CM_128 suites need exactly "
                    + KEY_SALT_BASE64_LENGTH + " (30 bytes: 16-byte master key and 14-byte master salt, no padding)");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!base64) {
                throw new CryptoAttributeException(tag, what, "character at offset " + i
                        + " is not base64 (allowed: A-Z a-z 0-9 + /, no padding, no whitespace)");
            }
        }
        return Base64.getDecoder().decode(text);
    }

    /** RFC 4568 9.2: lifetime = ["2^"] 1*(DIGIT), at most 2^48 (RFC 3711 8.2). */
    private static KeyLifetime parseLifetime(String tag, String text) throws CryptoAttributeException {
        String allowed = "allowed: a decimal number or 2^n, from 1 to 2^48 packets (RFC 3711 8.2 maximum for SRTP)";
        if (text.startsWith("2^")) {
            String exponent = text.substring(2);
            if (!allDigits(exponent)) {
                throw new CryptoAttributeException(tag, "lifetime", "'" + clip(text) + "' is not 2^n; " + allowed);
            }
            String stripped = stripLeadingZeros(exponent);
            if (stripped.length() > 2 || Integer.parseInt(stripped) > KeyLifetime.MAX_EXPONENT) {
                throw new CryptoAttributeException(tag, "lifetime", "'" + clip(text) + "' exceeds 2^48; " + allowed);
            }
            int n = Integer.parseInt(stripped);
            return KeyLifetime.ofPowerOfTwo(n);
        }
        if (!allDigits(text)) {
            throw new CryptoAttributeException(tag, "lifetime", "'" + clip(text) + "' is not a number; " + allowed);
        }
        String digits = stripLeadingZeros(text);
        if (digits.length() > 15 || Long.parseLong(digits) > KeyLifetime.MAX_PACKETS || Long.parseLong(digits) < 1) {
            throw new CryptoAttributeException(tag, "lifetime", "'" + clip(text) + "' is out of range; " + allowed);
        }
        return new KeyLifetime(Long.parseLong(digits), false);
    }

    /** RFC 4568 9.2: mki = mki-value ":" mki-length, mki-length = 1*3DIGIT in 1..128. */
    private static Mki parseMki(String tag, String text) throws CryptoAttributeException {
        String allowed = "allowed: <value>:<length>, length 1..128 bytes, value 0..2^(8*length)-1";
        String[] parts = text.split(":", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty() || !allDigits(parts[0]) || !allDigits(parts[1])) {
            throw new CryptoAttributeException(tag, "MKI", "'" + clip(text) + "' is not <value>:<length>; " + allowed);
        }
        if (parts[1].length() > 3 || Integer.parseInt(parts[1]) < 1 || Integer.parseInt(parts[1]) > Mki.MAX_LENGTH) {
            throw new CryptoAttributeException(tag, "MKI length", "'" + clip(parts[1]) + "' is out of range; " + allowed);
        }
        int length = Integer.parseInt(parts[1]);
        if (parts[0].length() > MAX_MKI_DIGITS + 1) { // leading zeros beyond this are not worth parsing
            throw new CryptoAttributeException(tag, "MKI value", "more than " + MAX_MKI_DIGITS + " digits; " + allowed);
        }
        BigInteger value = new BigInteger(parts[0]);
        if (value.bitLength() > 8 * length) {
            throw new CryptoAttributeException(tag, "MKI value", "does not fit in " + length + " bytes; " + allowed);
        }
        return new Mki(value, length);
    }

    /** RFC 4568 9.2 srtp-session-param; names are case-insensitive ABNF strings. */
    private static SessionParameters parseSessionParameters(String tag, List<String> params) throws CryptoAttributeException {
        OptionalInt kdr = OptionalInt.empty();
        boolean unencryptedSrtp = false;
        boolean unencryptedSrtcp = false;
        boolean unauthenticatedSrtp = false;
        Optional<FecOrder> fecOrder = Optional.empty();
        List<InlineKey> fecKeys = List.of();
        OptionalInt wsh = OptionalInt.empty();
        List<String> extensions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String param : params) {
            int eq = param.indexOf('=');
            String name = (eq < 0 ? param : param.substring(0, eq)).toUpperCase(java.util.Locale.ROOT);
            String value = eq < 0 ? null : param.substring(eq + 1);
            boolean known = true;
            switch (name) {
                case "KDR" -> {
                    if (value == null || value.isEmpty() || value.length() > 2 || !allDigits(value) || Integer.parseInt(value) > SessionParameters.MAX_KDR) {
                        throw new CryptoAttributeException(tag, "KDR", "allowed: KDR=n with n a decimal 0..24 (RFC 4568 6.3.1)");
                    }
                    kdr = OptionalInt.of(Integer.parseInt(value));
                }
                case "UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP", "UNAUTHENTICATED_SRTP" -> {
                    if (value != null) {
                        throw new CryptoAttributeException(tag, name, "takes no value (RFC 4568 6.3.2, 6.3.3)");
                    }
                    unencryptedSrtp |= name.equals("UNENCRYPTED_SRTP");
                    unencryptedSrtcp |= name.equals("UNENCRYPTED_SRTCP");
                    unauthenticatedSrtp |= name.equals("UNAUTHENTICATED_SRTP");
                }
                case "FEC_ORDER" -> {
                    if (value == null || !(value.equalsIgnoreCase("FEC_SRTP") || value.equalsIgnoreCase("SRTP_FEC"))) {
                        throw new CryptoAttributeException(tag, "FEC_ORDER", "allowed: FEC_ORDER=FEC_SRTP or FEC_ORDER=SRTP_FEC (RFC 4568 6.3.4)");
                    }
                    fecOrder = Optional.of(FecOrder.valueOf(value.toUpperCase(java.util.Locale.ROOT)));
                }
                case "FEC_KEY" -> {
                    if (value == null || value.isEmpty()) {
                        throw new CryptoAttributeException(tag, "FEC_KEY", "allowed: FEC_KEY=<key-params> (RFC 4568 6.3.5)");
                    }
                    checkGenericKeyParams(tag, value);
                    fecKeys = parseKeys(tag, "FEC_KEY", value);
                }
                case "WSH" -> {
                    if (value == null || value.length() < 2 || value.length() > 10 || !allDigits(value)
                            || Long.parseLong(value) < SessionParameters.MIN_WSH || Long.parseLong(value) > Integer.MAX_VALUE) {
                        throw new CryptoAttributeException(tag, "WSH", "allowed: WSH=n with n a decimal from 64 to 2147483647 (RFC 4568 6.3.6)");
                    }
                    wsh = OptionalInt.of(Integer.parseInt(value));
                }
                default -> {
                    known = false;
                    extensions.add(param);
                }
            }
            if (known && !seen.add(name)) {
                throw new CryptoAttributeException(tag, name, "appears twice");
            }
        }
        return new SessionParameters(kdr, unencryptedSrtp, unencryptedSrtcp, unauthenticatedSrtp, fecOrder, fecKeys, wsh, extensions);
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private static boolean allDigits(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isSuiteChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /** Fields quoted in messages are cut short: the message stays readable whatever was sent. */
    private static String clip(String text) {
        return text.length() <= 32 ? text : text.substring(0, 32) + "...";
    }
}
