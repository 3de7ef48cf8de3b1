package org.secureta.srtp.sdes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.secureta.srtp.keymgmt.SrtpProfile;

class CryptoAttributeParserTest {

    /** Key||salt values of the RFC 4568 examples (each decodes to 30 bytes). */
    static final String RFC_KEY_1 = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
    static final String RFC_KEY_2 = "QUJjZGVmMTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5";
    static final String RFC_KEY_3 = "MTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5QUJjZGVm";
    static final String RFC_KEY_4 = "d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj";
    static final String RFC_KEY_5 = "NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj";
    static final String RFC_KEY_6 = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    static SrtpCryptoAttribute srtp(String text) throws CryptoAttributeException {
        return assertInstanceOf(SrtpCryptoAttribute.class, CryptoAttribute.parse(text));
    }

    static CryptoAttributeException rejected(String text) {
        return assertThrows(CryptoAttributeException.class, () -> CryptoAttribute.parse(text));
    }

    @Nested
    class Rfc4568Examples {

        @Test
        void section4ExampleHasTagSuiteLifetimeAndMki() throws Exception {
            SrtpCryptoAttribute a = srtp("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + "|2^20|1:4");
            assertEquals(1, a.tag());
            assertEquals(SdesSuite.AES_CM_128_HMAC_SHA1_80, a.suite());
            InlineKey key = a.keys().get(0);
            assertArrayEquals(Base64.getDecoder().decode(RFC_KEY_1), key.keySalt());
            assertEquals(Optional.of(KeyLifetime.ofPowerOfTwo(20)), key.lifetime());
            assertEquals(1L << 20, key.lifetime().get().packets());
            assertEquals(new Mki(BigInteger.ONE, 4), key.mki().get());
            assertArrayEquals(new byte[] {0, 0, 0, 1}, key.mki().get().bytes());
            assertEquals(SessionParameters.NONE, a.sessionParameters());
        }

        @Test
        void offerExampleWithTwoKeysAndFecOrderParses() throws Exception {
            SrtpCryptoAttribute a = srtp("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_4 + "|2^20|1:4;inline:"
                    + RFC_KEY_2 + "|2^20|2:4 FEC_ORDER=FEC_SRTP");
            assertEquals(2, a.keys().size());
            assertEquals(BigInteger.TWO, a.keys().get(1).mki().get().value());
            assertEquals(Optional.of(FecOrder.FEC_SRTP), a.sessionParameters().fecOrder());
        }

        @Test
        void f8SuiteWithTwoKeysIsParsedAndReportedUnsupported() throws Exception {
            CryptoAttribute a = CryptoAttribute.parse("crypto:2 F8_128_HMAC_SHA1_80 inline:" + RFC_KEY_3 + "|2^20|1:4;inline:"
                    + RFC_KEY_2 + "|2^20|2:4 FEC_ORDER=FEC_SRTP");
            UnsupportedCryptoAttribute u = assertInstanceOf(UnsupportedCryptoAttribute.class, a);
            assertEquals(2, u.tag());
            assertEquals("F8_128_HMAC_SHA1_80", u.suiteName());
            assertEquals(List.of("FEC_ORDER=FEC_SRTP"), u.sessionParams());
            assertTrue(SdesPolicy.refusal(a).orElseThrow().contains("not supported"));
        }

        @Test
        void audioAndVideoOfferAttributesParse() throws Exception {
            assertEquals(new Mki(BigInteger.ONE, 32), srtp("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_4 + "|2^20|1:32").keys().get(0).mki().get());
            assertEquals(SdesSuite.AES_CM_128_HMAC_SHA1_32, srtp("crypto:1 AES_CM_128_HMAC_SHA1_32 inline:" + RFC_KEY_5 + "|2^20|1:32").suite());
            assertEquals(Optional.of(FecOrder.FEC_SRTP),
                    srtp("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_6 + "|2^20|1:4 FEC_ORDER=FEC_SRTP").sessionParameters().fecOrder());
        }
    }

    @Nested
    class KeyAndSalt {

        @Test
        void splitsIntoSixteenByteKeyAndFourteenByteSalt() throws Exception {
            byte[] keySalt = new byte[30];
            for (int i = 0; i < 30; i++) {
                keySalt[i] = (byte) i;
            }
            InlineKey key = srtp("crypto:7 AES_CM_128_HMAC_SHA1_32 inline:" + Base64.getEncoder().encodeToString(keySalt)).keys().get(0);
            assertEquals("000102030405060708090a0b0c0d0e0f", HexFormat.of().formatHex(key.masterKey()));
            assertEquals("101112131415161718191a1b1c1d", HexFormat.of().formatHex(key.masterSalt()));
            assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32, key.toSrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_32).profile());
        }

        @ParameterizedTest(name = "{0} bytes")
        @ValueSource(ints = {20, 28, 29, 31, 32, 46})
        void anyOtherLengthThanThirtyBytesIsRejectedWithoutQuotingTheKey(int bytes) {
            String base64 = Base64.getEncoder().withoutPadding().encodeToString(new byte[bytes]).replace('A', 'Q');
            CryptoAttributeException e = rejected("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + base64);
            assertEquals("key||salt", e.field());
            assertTrue(e.getMessage().contains("exactly 40"), e.getMessage());
            assertFalse(e.getMessage().contains(base64), "the key must not be quoted");
        }

        @Test
        void paddedEncodingOfTheRightLengthIsRejected() {
            // 28 bytes padded to 40 characters: the length matches, the content is not 30 bytes.
            String padded = Base64.getEncoder().encodeToString(new byte[28]);
            assertEquals(40, padded.length());
            assertEquals("key||salt", rejected("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + padded).field());
        }

        @ParameterizedTest
        @ValueSource(strings = {"-", "_", "=", ".", "\\"})
        void charactersOutsideTheBase64AlphabetAreRejected(String bad) {
            String key = RFC_KEY_1.substring(0, 20) + bad + RFC_KEY_1.substring(21);
            CryptoAttributeException e = rejected("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + key);
            assertTrue(e.getMessage().contains("offset 20"), e.getMessage());
        }

        @Test
        void whitespaceInsideTheKeyIsRejected() {
            assertThrows(CryptoAttributeException.class,
                    () -> CryptoAttribute.parse("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1.substring(0, 20) + " " + RFC_KEY_1.substring(20)));
        }

        @Test
        void trailingSemicolonIsRejected() {
            assertEquals("key-params", rejected("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + ";").field());
        }

        @Test
        void onlyTheInlineKeyMethodIsAccepted() {
            CryptoAttributeException e = rejected("crypto:1 AES_CM_128_HMAC_SHA1_80 uri:" + RFC_KEY_1);
            assertTrue(e.getMessage().contains("allowed: inline"), e.getMessage());
        }

        @Test
        void severalKeysNeedAnMkiEach() {
            assertEquals("key-params", rejected("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + ";inline:" + RFC_KEY_2).field());
        }

        @Test
        void severalKeysNeedDistinctMkisOfOneLength() {
            rejected("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + "|1:4;inline:" + RFC_KEY_2 + "|1:4");
            rejected("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + "|1:4;inline:" + RFC_KEY_2 + "|2:2");
        }

        @Test
        void toStringNeverShowsTheKey() throws Exception {
            SrtpCryptoAttribute a = srtp("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + " FEC_KEY=inline:" + RFC_KEY_2);
            assertFalse(a.toString().contains(RFC_KEY_1));
            assertFalse(a.toString().contains(RFC_KEY_2));
            assertFalse(CryptoAttribute.parse("crypto:1 OTHER inline:" + RFC_KEY_1).toString().contains(RFC_KEY_1));
        }
    }

    @Nested
    class Tag {

        @ParameterizedTest
        @ValueSource(strings = {"0", "1", "42", "999999999", "000000001"})
        void oneToNineDigitsAreAccepted(String tag) throws Exception {
            assertEquals(Integer.parseInt(tag), srtp("crypto:" + tag + " AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1).tag());
        }

        @ParameterizedTest
        @ValueSource(strings = {"1000000000", "-1", "1a", "+1", "0x1"})
        void anythingElseIsRejected(String tag) {
            assertEquals("tag", rejected("crypto:" + tag + " AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1).field());
        }

        @Test
        void tagMustFollowTheColon() {
            assertEquals("tag", rejected("crypto: 1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1).field());
        }
    }

    @Nested
    class Lifetime {

        @ParameterizedTest
        @ValueSource(strings = {"2^0", "2^31", "2^48", "1", "1048576", "281474976710656"})
        void upToTwoToTheFortyEightPacketsIsAccepted(String lifetime) throws Exception {
            KeyLifetime parsed = srtp("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + "|" + lifetime).keys().get(0).lifetime().get();
            assertEquals(lifetime, parsed.text());
        }

        @ParameterizedTest
        @ValueSource(strings = {"2^49", "2^100", "281474976710657", "0", "2^", "2^x", "3^4", "99999999999999999999"})
        void largerZeroOrMalformedLifetimesAreRejected(String lifetime) {
            CryptoAttributeException e = rejected("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + "|" + lifetime);
            assertEquals("lifetime", e.field());
            assertTrue(e.getMessage().contains("2^48"), e.getMessage());
        }

        @Test
        void emptyFieldsAndTooManyFieldsAreRejected() {
            rejected("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + "||1:4");
            rejected("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + "|2^20|1:4|5");
        }
    }

    @Nested
    class MasterKeyIdentifier {

        @Test
        void valueAndLengthAreParsedIntoPacketBytes() throws Exception {
            Mki mki = srtp("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + "|258:2").keys().get(0).mki().get();
            assertArrayEquals(new byte[] {1, 2}, mki.bytes());
            assertEquals(2, mki.length());
        }

        @Test
        void largestValueOfTheLargestLengthIsAccepted() throws Exception {
            BigInteger max = BigInteger.TWO.pow(1024).subtract(BigInteger.ONE);
            Mki mki = srtp("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + "|" + max + ":128").keys().get(0).mki().get();
            assertEquals(max, mki.value());
            assertEquals(128, mki.bytes().length);
        }

        @ParameterizedTest
        @ValueSource(strings = {"1:0", "1:129", "1:0128x", "256:1", "65536:2", "1:", ":4", "1:2:3", "a:4"})
        void outOfRangeOrMalformedMkisAreRejected(String mki) {
            CryptoAttributeException e = rejected("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + "|2^20|" + mki);
            assertTrue(e.field().startsWith("MKI"), e.field());
        }

        @Test
        void hugeMkiValuesAreRejectedBeforeConversion() {
            String digits = "9".repeat(4000);
            assertEquals("MKI value", rejected("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + "|" + digits + ":4").field());
        }
    }

    @Nested
    class SessionParameterParsing {

        @Test
        void everyDefinedParameterIsParsed() throws Exception {
            SessionParameters p = srtp("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1
                    + " KDR=0 UNENCRYPTED_SRTP UNENCRYPTED_SRTCP UNAUTHENTICATED_SRTP FEC_ORDER=SRTP_FEC FEC_KEY=inline:"
                    + RFC_KEY_2 + "|2^20 WSH=128 -X_OPTIONAL").sessionParameters();
            assertEquals(OptionalInt.of(0), p.keyDerivationRate());
            assertTrue(p.unencryptedSrtp());
            assertTrue(p.unencryptedSrtcp());
            assertTrue(p.unauthenticatedSrtp());
            assertEquals(Optional.of(FecOrder.SRTP_FEC), p.fecOrder());
            assertArrayEquals(Base64.getDecoder().decode(RFC_KEY_2), p.fecKeys().get(0).keySalt());
            assertEquals(OptionalInt.of(128), p.windowSizeHint());
            assertEquals(List.of("-X_OPTIONAL"), p.extensions());
        }

        @ParameterizedTest
        @ValueSource(strings = {"KDR=25", "KDR=", "KDR", "KDR=001", "WSH=63", "WSH=", "WSH=99999999999", "FEC_ORDER=FEC",
                "FEC_KEY=", "FEC_KEY=inline:short", "UNENCRYPTED_SRTP=1", "KDR=0 KDR=0", "UNENCRYPTED_SRTP UNENCRYPTED_SRTP"})
        void malformedOrRepeatedParametersAreRejectedByName(String param) {
            CryptoAttributeException e = rejected("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + " " + param);
            String name = param.split("[= ]")[0];
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }

        @Test
        void parameterNamesAreCaseInsensitiveAsAbnfStrings() throws Exception {
            assertTrue(srtp("crypto:1 aes_cm_128_hmac_sha1_80 INLINE:" + RFC_KEY_1 + " unencrypted_srtp").sessionParameters().unencryptedSrtp());
        }
    }

    @Nested
    class Syntax {

        @Test
        void tabsAndSeveralSpacesSeparateFields() throws Exception {
            assertEquals(3, srtp("crypto:3\tAES_CM_128_HMAC_SHA1_80  inline:" + RFC_KEY_1 + " \tWSH=64").tag());
        }

        @ParameterizedTest
        @ValueSource(strings = {"crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + " ",
                "crypto:1 AES_CM_128_HMAC_SHA1_80",
                "crypto:1",
                "crypto:",
                "crypt:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1,
                "crypto:1 AES-CM inline:" + RFC_KEY_1,
                "crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + " caf\u00e9",
                "crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + "\r\na=x",
                "crypto:1 OTHER_SUITE nocolon"})
        void malformedAttributesAreRejected(String text) {
            assertThrows(CryptoAttributeException.class, () -> CryptoAttribute.parse(text));
        }

        @Test
        void overlongAttributesAreRejectedBeforeParsing() {
            CryptoAttributeException e = rejected("crypto:1 X inline:" + "A".repeat(5000));
            assertTrue(e.getMessage().contains("4096"), e.getMessage());
        }

        @Test
        void unknownSuitesStillNeedWellFormedKeyParams() throws Exception {
            UnsupportedCryptoAttribute u = assertInstanceOf(UnsupportedCryptoAttribute.class,
                    CryptoAttribute.parse("crypto:9 AEAD_AES_256_GCM inline:anything-goes-here UNKNOWN"));
            assertEquals("AEAD_AES_256_GCM", u.suiteName());
            rejected("crypto:9 AEAD_AES_256_GCM inline:");
        }
    }

    @Nested
    class Writing {

        @ParameterizedTest
        @ValueSource(strings = {
                "crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1,
                "crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + "|2^20|1:4",
                "crypto:22 AES_CM_128_HMAC_SHA1_32 inline:" + RFC_KEY_5 + "|1000|7:1",
                "crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_4 + "|2^20|1:4;inline:" + RFC_KEY_2 + "|2^20|2:4 FEC_ORDER=FEC_SRTP",
                "crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY_1 + " KDR=0 FEC_KEY=inline:" + RFC_KEY_2 + " WSH=64 -EXT",
                "crypto:2 F8_128_HMAC_SHA1_80 inline:" + RFC_KEY_3 + "|2^20|1:4 FEC_ORDER=FEC_SRTP"})
        void canonicalAttributesAreWrittenBackUnchanged(String text) throws Exception {
            CryptoAttribute parsed = CryptoAttribute.parse(text);
            assertEquals(text, parsed.attributeText());
            assertEquals(parsed, CryptoAttribute.parse(parsed.attributeText()));
        }

        @Test
        void attributesTheParserWouldRefuseCannotBeBuilt() {
            InlineKey first = new InlineKey(new byte[30], Optional.empty(), Optional.of(new Mki(BigInteger.ONE, 2)));
            InlineKey sameMki = new InlineKey(new byte[30], Optional.empty(), Optional.of(new Mki(BigInteger.ONE, 2)));
            InlineKey noMki = InlineKey.of(new byte[30]);
            assertThrows(IllegalArgumentException.class,
                    () -> new SrtpCryptoAttribute(1, SdesSuite.AES_CM_128_HMAC_SHA1_80, List.of(first, sameMki), SessionParameters.NONE));
            assertThrows(IllegalArgumentException.class,
                    () -> new SrtpCryptoAttribute(1, SdesSuite.AES_CM_128_HMAC_SHA1_80, List.of(first, noMki), SessionParameters.NONE));
            assertThrows(IllegalArgumentException.class, () -> SrtpCryptoAttribute.of(1_000_000_000, SdesSuite.AES_CM_128_HMAC_SHA1_80, noMki));
            assertThrows(IllegalArgumentException.class, () -> InlineKey.of(new byte[29]));
            assertThrows(IllegalArgumentException.class, () -> KeyLifetime.ofPowerOfTwo(49));
            assertThrows(IllegalArgumentException.class, () -> new Mki(BigInteger.valueOf(256), 1));
            assertThrows(IllegalArgumentException.class, () -> new SessionParameters(OptionalInt.empty(), false, false, false,
                    Optional.empty(), List.of(), OptionalInt.empty(), List.of("KDR=3")));
            assertThrows(IllegalArgumentException.class, () -> new UnsupportedCryptoAttribute(1, "AES_CM_128_HMAC_SHA1_80", "inline:x", List.of()));
        }

        @Test
        void writtenAttributeOfAFreshKeyParsesToTheSameKey() throws Exception {
            byte[] keySalt = new byte[30];
            new java.security.SecureRandom().nextBytes(keySalt);
            SrtpCryptoAttribute written = SrtpCryptoAttribute.of(5, SdesSuite.AES_CM_128_HMAC_SHA1_80, InlineKey.of(keySalt));
            assertEquals(written, CryptoAttribute.parse(written.attributeText()));
            assertTrue(written.attributeText().startsWith("crypto:5 AES_CM_128_HMAC_SHA1_80 inline:"));
        }
    }
}
