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
        checkKeySet(keys);
    }

    /**
     * RFC 4568 6.1: several keys carry an MKI each; RFC 3711 3.2.1 fixes its length per context and
     * the values tell the keys apart. The parser reports the same rule with the attribute's tag.
     */
    static void checkKeySet(List<InlineKey> keys) {
        if (keys.size() < 2) {
            return;
        }
        if (keys.stream().anyMatch(k -> k.mki().isEmpty())) {
            throw new IllegalArgumentException("several keys need an MKI each");
        }
        if (keys.stream().map(k -> k.mki().get().length()).distinct().count() > 1) {
            throw new IllegalArgumentException("the MKIs of several keys must have one length");
        }
        if (keys.stream().map(k -> k.mki().get().value()).distinct().count() < keys.size()) {
            throw new IllegalArgumentException("two keys have the same MKI value");
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
