package org.secureta.srtp.sdes;

import java.util.List;

/**
 * An {@code a=crypto} attribute with a crypto-suite this unit does not use: only the generic
 * grammar of RFC 4568 9.1 was checked. {@link #toString()} hides the key parameters.
 *
 * @param keyParams the key parameters as written (may hold keys)
 * @param sessionParams the session parameters as written
 */
public record UnsupportedCryptoAttribute(int tag, String suiteName, String keyParams, List<String> sessionParams)
        implements CryptoAttribute {

    public UnsupportedCryptoAttribute {
        if (tag < 0 || tag > SrtpCryptoAttribute.MAX_TAG) {
            throw new IllegalArgumentException("tag must be 0..999999999, not " + tag);
        }
        if (suiteName.isEmpty() || !suiteName.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 0x80 || c == '_')) {
            throw new IllegalArgumentException("crypto-suite allows letters, digits and '_' only");
        }
        if (SdesSuite.byName(suiteName).isPresent()) {
            throw new IllegalArgumentException(suiteName + " is supported: use SrtpCryptoAttribute");
        }
        if (keyParams.isEmpty() || !keyParams.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
            throw new IllegalArgumentException("key-params are visible ASCII characters");
        }
        sessionParams = List.copyOf(sessionParams);
        for (String p : sessionParams) {
            if (p.isEmpty() || !p.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
                throw new IllegalArgumentException("a session parameter is 1*VCHAR");
            }
        }
    }

    @Override
    public String attributeText() {
        return "crypto:" + tag + " " + suiteName + " " + keyParams + (sessionParams.isEmpty() ? "" : " " + String.join(" ", sessionParams));
    }

    @Override
    public String toString() {
        // Session parameters such as FEC_KEY may hold keys too: only their number is shown.
        return "crypto:" + tag + " " + suiteName + " <key-params hidden, " + sessionParams.size() + " session parameters>";
    }
}
