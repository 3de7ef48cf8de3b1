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
import org.secureta.srtp.RtpEncryption;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.SdpKeying;
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

    @Property(tries = 1000)
    void anAnswererFacingMutatedOffersAnswersOrRefusesWithKeyManagementException(
            @ForAll("mutatedOffers") List<String> offered) throws Exception {
        SdesKeyingSession bob = (SdesKeyingSession) new SdesKeyManagement().newSession(
                new KeyingParameters(1, RtpEncryption.AesCm128, true, new byte[0]));
        SdpKeying answer;
        try {
            answer = bob.answer(new SdpKeying(List.of(), List.of(offered)));
        } catch (KeyManagementException refused) {
            Statistics.collect("refused");
            return;
        }
        Statistics.collect(answer.mediaAttributes().get(0).isEmpty() ? "unkeyed" : "answered");
        if (!answer.mediaAttributes().get(0).isEmpty()) {
            // what we answer is always one clean attribute of a supported suite, with a tag that was offered
            SrtpCryptoAttribute ours = (SrtpCryptoAttribute) CryptoAttribute.parse(answer.mediaAttributes().get(0).get(0));
            assertEquals(SessionParameters.NONE, ours.sessionParameters());
            assertEquals(1, answer.mediaAttributes().get(0).size());
            org.junit.jupiter.api.Assertions.assertTrue(offered.stream().anyMatch(o -> o.startsWith("crypto:" + ours.tag() + " ")
                    || o.startsWith("crypto:" + ours.tag() + "\t") || o.matches("crypto:0+" + ours.tag() + "[ \t].*")));
        }
    }

    @Provide
    Arbitrary<List<String>> mutatedOffers() {
        return Arbitraries.oneOf(mutated(), Arbitraries.of(VALID)).list().ofMinSize(1).ofMaxSize(4);
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
