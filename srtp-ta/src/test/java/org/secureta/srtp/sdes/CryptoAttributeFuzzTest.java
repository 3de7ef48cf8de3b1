package org.secureta.srtp.sdes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.StringLength;

/**
 * Bounded property tests: whatever a peer sends, the parser answers with a parsed attribute or a
 * {@link CryptoAttributeException}, never another exception; what it accepts it writes back to
 * something that parses to the same value.
 */
class CryptoAttributeFuzzTest {

    private static final List<String> VALID = List.of(
            "crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + CryptoAttributeParserTest.RFC_KEY_1 + "|2^20|1:4",
            "crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + CryptoAttributeParserTest.RFC_KEY_4 + "|2^20|1:4;inline:"
                    + CryptoAttributeParserTest.RFC_KEY_2 + "|2^20|2:4 FEC_ORDER=FEC_SRTP",
            "crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + CryptoAttributeParserTest.RFC_KEY_5 + " KDR=0 WSH=64 FEC_KEY=inline:"
                    + CryptoAttributeParserTest.RFC_KEY_2 + "|1000 -EXT",
            "crypto:3 F8_128_HMAC_SHA1_80 inline:" + CryptoAttributeParserTest.RFC_KEY_3 + "|2^20|1:4 UNENCRYPTED_SRTCP");

    private static final String INTERESTING = " \t|:;^=2_-+/0123456789AZaz\r\n\u0000\u00e9";

    @Property(tries = 2000)
    void randomTextIsParsedOrRefusedWithTheDocumentedException(@ForAll @StringLength(max = 400) String text) {
        parseAndRoundTrip(text);
    }

    @Property(tries = 2000)
    void randomTextAfterTheAttributeNameIsParsedOrRefused(@ForAll("cryptoLike") String text) {
        parseAndRoundTrip(text);
    }

    @Property(tries = 2000)
    void mutationsOfValidAttributesAreParsedOrRefused(@ForAll("mutated") String text) {
        parseAndRoundTrip(text);
    }

    private static void parseAndRoundTrip(String text) {
        CryptoAttribute parsed;
        try {
            parsed = CryptoAttribute.parse(text);
        } catch (CryptoAttributeException refused) {
            Statistics.collect("refused");
            return;
        }
        Statistics.collect(parsed.getClass().getSimpleName());
        try {
            assertEquals(parsed, CryptoAttribute.parse(parsed.attributeText()));
        } catch (CryptoAttributeException e) {
            throw new AssertionError("the writer produced an attribute the parser refuses: " + e.getMessage(), e);
        }
    }

    @Provide
    Arbitrary<String> cryptoLike() {
        return Arbitraries.strings().withChars(INTERESTING + "inlecrypto").ofMaxLength(200).map(s -> "crypto:" + s);
    }

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<String> seed = Arbitraries.of(VALID);
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 1000);
        Arbitrary<Character> character = Arbitraries.oneOf(Arbitraries.chars().with(INTERESTING.toCharArray()), Arbitraries.chars());
        Arbitrary<Integer> operation = Arbitraries.integers().between(0, 4);
        return Combinators.combine(seed, position, character, operation).as(CryptoAttributeFuzzTest::mutate)
                .flatMap(once -> Arbitraries.oneOf(Arbitraries.just(once),
                        Combinators.combine(position, character, operation).as((p, c, o) -> mutate(once, p, c, o))));
    }

    static String mutate(String text, int position, char c, int operation) {
        return MutationsForTests.mutate(text, position, c, operation);
    }
}
