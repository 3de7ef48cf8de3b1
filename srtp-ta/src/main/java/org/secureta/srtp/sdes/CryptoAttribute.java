package org.secureta.srtp.sdes;

/**
 * One {@code a=crypto} attribute (RFC 4568 9.1): either an SRTP suite this unit knows, fully
 * validated, or another suite kept as received so that an offer listing several can be answered
 * with the first supported one (the answerer picks the first acceptable attribute, RFC 4568 6.1).
 */
public sealed interface CryptoAttribute permits SrtpCryptoAttribute, UnsupportedCryptoAttribute {

    /** 0..999999999 ({@code 1*9DIGIT}). */
    int tag();

    /** The crypto-suite as written. */
    String suiteName();

    /** The attribute as it goes in an SDP body, without {@code a=}: {@code crypto:1 AES_CM_... inline:...}. Contains keys. */
    String attributeText();

    static CryptoAttribute parse(String attribute) throws CryptoAttributeException {
        return CryptoAttributeParser.parse(attribute);
    }
}
