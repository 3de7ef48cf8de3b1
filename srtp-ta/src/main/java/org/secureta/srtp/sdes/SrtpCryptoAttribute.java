package org.secureta.srtp.sdes;

import java.util.List;

/**
 * An {@code a=crypto} attribute of a supported SRTP suite, validated against RFC 4568 9.2.
 * Several keys are only valid with an MKI each (RFC 4568 6.1); {@link SdesPolicy} decides whether
 * the unit can use them. {@link #toString()} hides the keys.
 */
public record SrtpCryptoAttribute(int tag, SdesSuite suite, List<InlineKey> keys, SessionParameters sessionParameters)
        implements CryptoAttribute {

    public static final int MAX_TAG = 999_999_999;

    public SrtpCryptoAttribute {
        if (tag < 0 || tag > MAX_TAG) {
            throw new IllegalArgumentException("tag must be 0..999999999, not " + tag);
        }
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key is needed");
        }
        if (keys.size() > 1 && keys.stream().anyMatch(k -> k.mki().isEmpty())) {
            throw new IllegalArgumentException("several keys need an MKI each");
        }
    }

    /** A single fresh key, no lifetime, no MKI, no session parameters: what this unit offers and answers. */
    public static SrtpCryptoAttribute of(int tag, SdesSuite suite, InlineKey key) {
        return new SrtpCryptoAttribute(tag, suite, List.of(key), SessionParameters.NONE);
    }

    @Override
    public String suiteName() {
        return suite.name();
    }

    @Override
    public String attributeText() {
        return "crypto:" + tag + " " + suite + " " + String.join(";", keys.stream().map(InlineKey::text).toList())
                + sessionParameters.text();
    }

    @Override
    public String toString() {
        return "crypto:" + tag + " " + suite + " " + keys + sessionParameters;
    }
}
