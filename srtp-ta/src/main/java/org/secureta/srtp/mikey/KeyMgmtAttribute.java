package org.secureta.srtp.mikey;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SDP attribute {@code key-mgmt:mikey <base64>} of RFC 4567 (without the {@code a=}). The
 * base64 text is bounded before it is decoded, so an oversized attribute costs nothing.
 */
final class KeyMgmtAttribute {

    static final String PREFIX = "key-mgmt:";
    static final String PROTOCOL_ID = "mikey";
    /** Base64 length of a message of {@link MessageDecoder#MAX_MESSAGE_LENGTH} bytes. */
    static final int MAX_BASE64_LENGTH = 4 * ((MessageDecoder.MAX_MESSAGE_LENGTH + 2) / 3);

    private KeyMgmtAttribute() {
    }

    static String format(byte[] message) {
        return PREFIX + PROTOCOL_ID + " " + Base64.getEncoder().encodeToString(message);
    }

    /** Whether this attribute is {@code key-mgmt} with protocol id {@code mikey} (case-insensitive, RFC 4567 3.1). */
    static boolean isMikey(String attribute) {
        return protocolData(attribute).isPresent();
    }

    /** The single MIKEY attribute among session-level attributes, if any. */
    static Optional<String> find(List<String> attributes) throws MikeyException {
        return find(attributes, "at session level");
    }

    /** The single MIKEY attribute among the attributes of one level ({@code where}, for the error), if any. */
    static Optional<String> find(List<String> attributes, String where) throws MikeyException {
        List<String> mikey = attributes.stream().filter(KeyMgmtAttribute::isMikey).toList();
        if (mikey.size() > 1) {
            throw new MikeyException("key-mgmt attribute: " + mikey.size()
                    + " key-mgmt:mikey attributes " + where + ", at most one is allowed");
        }
        return mikey.stream().findFirst();
    }

    /** The MIKEY message carried by a {@code key-mgmt:mikey} attribute. */
    static byte[] decode(String attribute) throws MikeyException {
        String data = protocolData(attribute)
                .orElseThrow(() -> new MikeyException("key-mgmt attribute: not a key-mgmt:mikey attribute"));
        if (data.length() > MAX_BASE64_LENGTH) {
            throw new MikeyException("key-mgmt attribute: " + data.length() + " characters of base64 exceed the maximum of "
                    + MAX_BASE64_LENGTH + " (a " + MessageDecoder.MAX_MESSAGE_LENGTH + "-byte MIKEY message)");
        }
        if (data.isEmpty()) {
            throw new MikeyException("key-mgmt attribute: no MIKEY data after the protocol id");
        }
        try {
            return Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new MikeyException("key-mgmt attribute: invalid base64 (" + e.getMessage() + ")");
        }
    }

    private static Optional<String> protocolData(String attribute) {
        if (!attribute.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String rest = attribute.substring(PREFIX.length()).strip();
        int space = rest.indexOf(' ');
        String protocol = space < 0 ? rest : rest.substring(0, space);
        if (!protocol.toLowerCase(Locale.ROOT).equals(PROTOCOL_ID)) {
            return Optional.empty();
        }
        return Optional.of(space < 0 ? "" : rest.substring(space + 1).strip());
    }
}
