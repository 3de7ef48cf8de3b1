package org.secureta.srtp.keylog;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * One line of the SRTP key log: the master key and salt one direction of one call uses, so that
 * a capture taken without the TLS key log can still be decrypted ({@code ta decrypt --srtp-keys}).
 * <pre>SRTP_KEYS call=CALLID direction=send|receive ssrc=0x1234ABCD|any suite=AES_CM_128_HMAC_SHA1_80 key=HEX salt=HEX mki=HEX|-</pre>
 * The SSRC of a received stream is often not known when its keys are (an SDES offer names none,
 * RFC 4568 6.1), hence {@code any}: the decrypter then finds the stream by trying the key.
 * A secret: {@link #toString()} hides the keys, only {@link #line()} writes them.
 */
public record SrtpKeyLogEntry(String callId, Direction direction, OptionalInt ssrc, SrtpKeys keys) {

    public static final String LABEL = "SRTP_KEYS";

    public enum Direction {
        SEND("send"), RECEIVE("receive");

        private final String word;

        Direction(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public SrtpKeyLogEntry {
        Objects.requireNonNull(callId, "callId");
        if (callId.isEmpty() || callId.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("call= must be a non-empty SIP Call-ID without spaces");
        }
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(ssrc, "ssrc");
        Objects.requireNonNull(keys, "keys");
    }

    /** The line as written to the key log (no line end). Contains the keys. */
    public String line() {
        HexFormat hex = HexFormat.of();
        return LABEL + " call=" + callId + " direction=" + direction.word()
                + " ssrc=" + (ssrc.isPresent() ? String.format("0x%08X", ssrc.getAsInt()) : "any")
                + " suite=" + keys.profile().name() + " key=" + hex.formatHex(keys.masterKey())
                + " salt=" + hex.formatHex(keys.masterSalt()) + " mki=" + (keys.mki().length == 0 ? "-" : hex.formatHex(keys.mki()));
    }

    /**
     * Reads a line written by {@link #line()}.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong (never echoing a key)
     */
    public static SrtpKeyLogEntry parse(String line) {
        String[] words = line.strip().split("[ \t]+");
        if (words.length == 0 || !words[0].equals(LABEL)) {
            throw new IllegalArgumentException("not an SRTP key log line: it must start with " + LABEL);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("field " + i + " is not NAME=VALUE");
            }
            fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        String callId = required(fields, "call");
        String dir = required(fields, "direction");
        Direction direction = switch (dir) {
            case "send" -> Direction.SEND;
            case "receive" -> Direction.RECEIVE;
            default -> throw new IllegalArgumentException("direction= must be send or receive, not '" + dir + "'");
        };
        String ssrcText = required(fields, "ssrc");
        OptionalInt ssrc;
        if (ssrcText.equals("any")) {
            ssrc = OptionalInt.empty();
        } else if (ssrcText.matches("0[xX][0-9a-fA-F]{1,8}")) {
            ssrc = OptionalInt.of(Integer.parseUnsignedInt(ssrcText.substring(2), 16));
        } else {
            throw new IllegalArgumentException("ssrc= must be 0x followed by up to 8 hex digits, or any");
        }
        String suiteText = required(fields, "suite");
        SrtpProfile suite;
        try {
            suite = SrtpProfile.valueOf(suiteText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("suite= '" + suiteText + "' is not one of " + java.util.Arrays.toString(SrtpProfile.values()));
        }
        byte[] key = hex(fields, "key", SrtpProfile.MASTER_KEY_LENGTH);
        byte[] salt = hex(fields, "salt", SrtpProfile.MASTER_SALT_LENGTH);
        String mkiText = required(fields, "mki");
        byte[] mki = mkiText.equals("-") ? new byte[0] : hex(fields, "mki", -1);
        return new SrtpKeyLogEntry(callId, direction, ssrc, new SrtpKeys(suite, key, salt, mki));
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("no " + name + "= field");
        }
        return value;
    }

    private static byte[] hex(Map<String, String> fields, String name, int length) {
        String text = required(fields, name);
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + "= is not hexadecimal");
        }
        if (length > 0 && bytes.length != length) {
            throw new IllegalArgumentException(name + "= has " + bytes.length + " bytes, " + length + " expected");
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "SrtpKeyLogEntry[call=" + callId + ", " + direction.word() + ", ssrc="
                + (ssrc.isPresent() ? String.format("0x%08X", ssrc.getAsInt()) : "any") + ", " + keys + "]";
    }
}
