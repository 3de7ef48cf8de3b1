package org.secureta.provisioning.profile;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The type of a variable's value: what values it allows, and how to say so. */
public sealed interface ValueType permits ValueType.Choice, ValueType.Number, ValueType.Text {

    /** An error message when {@code value} is not allowed, empty when it is. */
    Optional<String> check(String value);

    /** The allowed values, as a person reads them. */
    String allowed();

    /** One of a fixed list, spelled exactly as on the unit (case matters, as in its MIB). */
    record Choice(List<String> values) implements ValueType {
        public Choice {
            values = List.copyOf(values);
        }

        public static Choice of(String... values) {
            return new Choice(List.of(values));
        }

        @Override
        public Optional<String> check(String value) {
            if (values.contains(value)) {
                return Optional.empty();
            }
            for (String v : values) {
                if (v.equalsIgnoreCase(value) || spelling(v).equals(spelling(value))) {
                    return Optional.of("'" + value + "' is not allowed (did you mean '" + v + "'?)");
                }
            }
            return Optional.of("'" + value + "' is not allowed");
        }

        /**
         * A value as people also write it: case, and the separators of version numbers, ignored
         * ({@code TLSv1.2} and {@code tlsv1-2} for {@code TLSv1_2}).
         */
        static String spelling(String value) {
            return value.toLowerCase(java.util.Locale.ROOT).replaceAll("[._\\-\\s]", "");
        }

        @Override
        public String allowed() {
            return String.join(", ", values);
        }
    }

    /** A whole number within one of several closed ranges, for example {@code 0, 100..1000}. */
    record Number(List<Range> ranges) implements ValueType {
        public record Range(long min, long max) {
            @Override
            public String toString() {
                return min == max ? Long.toString(min) : min + ".." + max;
            }
        }

        public Number {
            ranges = List.copyOf(ranges);
        }

        public static Number between(long min, long max) {
            return new Number(List.of(new Range(min, max)));
        }

        public static Number zeroOr(long min, long max) {
            return new Number(List.of(new Range(0, 0), new Range(min, max)));
        }

        @Override
        public Optional<String> check(String value) {
            if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.of("'" + value + "' is not a whole number");
            }
            long n = Long.parseLong(value);
            if ((value.length() > 1 && value.charAt(0) == '0')) {
                return Optional.of("'" + value + "' has leading zeros");
            }
            for (Range r : ranges) {
                if (n >= r.min && n <= r.max) {
                    return Optional.empty();
                }
            }
            return Optional.of(value + " is out of range");
        }

        @Override
        public String allowed() {
            return ranges.stream().map(Range::toString).collect(Collectors.joining(", "));
        }
    }

    /** Free text matching a pattern, with a readable description of that pattern. */
    record Text(Pattern pattern, String description) implements ValueType {
        private static final int MAX_LENGTH = 255;

        public static final Text ANY = new Text(Pattern.compile("[^\\p{Cntrl}]*"), "text without control characters");
        public static final Text HOST_PORT = new Text(
                Pattern.compile("|(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,253}))(:(0|[1-9][0-9]{0,4}))?"),
                "empty, or host[:port] (host name, IPv4 address or [IPv6]; port 0..65535, 0 means DNS SRV)");
        public static final Text NAME = new Text(Pattern.compile("[A-Za-z0-9_.-]{0,64}"), "up to 64 letters, digits, '_', '.', '-'");
        /** The name of a registered key management: the DGW's Mikey and Sdes, or one a bundle adds. */
        public static final Text KEY_MANAGEMENT = new Text(Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}"),
                "the name of a registered key management (Mikey, Sdes, or one an extension bundle adds): a letter, then up to 31 letters, digits, '_', '-'");
        public static final Text HEX_KEY = new Text(Pattern.compile("|([0-9A-Fa-f]{2}){16,64}"), "empty, or 16 to 64 bytes in hexadecimal");
        public static final Text IP_ADDRESS = new Text(
                Pattern.compile("|((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
                        + "|[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}"),
                "empty, or an IPv4 or IPv6 address literal (no host name: SDP c= carries an address)");
        /** RFC 4568 6.1 lifetime: 2^n or a decimal packet count; RFC 3711 9.2 caps SRTP at 2^48. */
        public static final Text SRTP_LIFETIME = new Text(Pattern.compile("|2\\^([1-9]|[1-3][0-9]|4[0-8])|[1-9][0-9]{0,14}"),
                "empty, 2^n (n 1..48) or a packet count from 1 to 2^48");

        @Override
        public Optional<String> check(String value) {
            if (value.length() > MAX_LENGTH) {
                return Optional.of("value is longer than " + MAX_LENGTH + " characters");
            }
            if (!pattern.matcher(value).matches()) {
                return Optional.of("'" + value + "' is not " + description);
            }
            if (this == HOST_PORT && value.contains(":") && !value.startsWith("[")) {
                String port = value.substring(value.lastIndexOf(':') + 1);
                if (Integer.parseInt(port) > 65535) {
                    return Optional.of("port " + port + " is out of range");
                }
            }
            if (this == SRTP_LIFETIME && !value.isEmpty() && !value.startsWith("2^") && Long.parseLong(value) > (1L << 48)) {
                return Optional.of("lifetime " + value + " is above 2^48 packets, the SRTP limit (RFC 3711 9.2)");
            }
            return Optional.empty();
        }

        @Override
        public String allowed() {
            return description;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text t && t.pattern.pattern().equals(pattern.pattern());
        }

        @Override
        public int hashCode() {
            return pattern.pattern().hashCode();
        }
    }
}
