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
        sessionParams = List.copyOf(sessionParams);
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
