package org.secureta.srtp.sdes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.secureta.srtp.CryptoUpdateMode;
import org.secureta.srtp.RtpEncryption;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.crypto.SrtpContext;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

class SdesKeyingSessionTest {

    private static final String KEY = CryptoAttributeParserTest.RFC_KEY_1;
    private static final String OTHER_KEY = CryptoAttributeParserTest.RFC_KEY_2;

    private final SdesKeyManagement sdes = new SdesKeyManagement();

    private SdesKeyingSession session(int media) {
        return session(media, RtpEncryption.AesCm128, true);
    }

    private SdesKeyingSession session(int media, RtpEncryption encryption, boolean signallingSecure) {
        return (SdesKeyingSession) sdes.newSession(new KeyingParameters(media, encryption, signallingSecure, new byte[0]));
    }

    private static SdpKeying oneMedia(String... attributes) {
        return new SdpKeying(List.of(), List.of(List.of(attributes)));
    }

    private static List<SrtpCryptoAttribute> parsed(List<String> attributes) throws CryptoAttributeException {
        List<SrtpCryptoAttribute> out = new ArrayList<>();
        for (String a : attributes) {
            out.add(assertInstanceOf(SrtpCryptoAttribute.class, CryptoAttribute.parse(a)));
        }
        return out;
    }

    @Nested
    class OfferAndAnswerBetweenTwoUnits {

        @Test
        void mySendKeysAreYourReceiveKeysOnEveryStream() throws Exception {
            SdesKeyingSession alice = session(2);
            SdesKeyingSession bob = session(2);
            SdpKeying offer = alice.offer();
            SdpKeying answer = bob.answer(offer);
            alice.acceptAnswer(answer);
            for (int media = 0; media < 2; media++) {
                assertEquals(alice.sendKeys(media), bob.receiveKeys(media));
                assertEquals(bob.sendKeys(media), alice.receiveKeys(media));
                assertNotEquals(alice.sendKeys(media), alice.receiveKeys(media), "each side sends with its own key");
                assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80, alice.sendKeys(media).profile());
            }
            assertNotEquals(alice.sendKeys(0), alice.sendKeys(1), "each stream has its own key");
        }

        @Test
        void offerListsEightyThenThirtyTwoWithDistinctFreshKeys() throws Exception {
            SdpKeying offer = session(1).offer();
            List<SrtpCryptoAttribute> lines = parsed(offer.mediaAttributes().get(0));
            assertEquals(List.of(1, 2), lines.stream().map(SrtpCryptoAttribute::tag).toList());
            assertEquals(List.of(SdesSuite.AES_CM_128_HMAC_SHA1_80, SdesSuite.AES_CM_128_HMAC_SHA1_32),
                    lines.stream().map(SrtpCryptoAttribute::suite).toList());
            assertNotEquals(lines.get(0).keys(), lines.get(1).keys());
            assertTrue(offer.sessionAttributes().isEmpty(), "SDES is media-level only");
            assertNotEquals(offer, session(1).offer(), "every offer has new random keys");
        }

        @Test
        void answerEchoesTheChosenTagAndSuiteWithOurOwnKey() throws Exception {
            SdpKeying answer = session(1).answer(oneMedia("crypto:7 AES_CM_128_HMAC_SHA1_32 inline:" + KEY));
            SrtpCryptoAttribute line = parsed(answer.mediaAttributes().get(0)).get(0);
            assertEquals(7, line.tag());
            assertEquals(SdesSuite.AES_CM_128_HMAC_SHA1_32, line.suite());
            assertFalse(answer.mediaAttributes().get(0).get(0).contains(KEY), "the answer carries our key, not the offerer's");
        }

        @Test
        void theOfferersThirtyTwoBitLineIsUsedWhenTheAnswerPicksIt() throws Exception {
            SdesKeyingSession alice = session(1);
            SdpKeying offer = alice.offer();
            String thirtyTwo = offer.mediaAttributes().get(0).get(1);
            SdesKeyingSession bob = session(1);
            SdpKeying answer = bob.answer(oneMedia(thirtyTwo));
            alice.acceptAnswer(answer);
            assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32, alice.sendKeys(0).profile());
            assertEquals(alice.sendKeys(0), bob.receiveKeys(0));
            assertEquals(alice.receiveKeys(0), bob.sendKeys(0));
        }

        @Test
        void nullEncryptionSettingIsIgnoredForSdes() throws Exception {
            SdpKeying offer = session(1, RtpEncryption.Null, true).offer();
            assertTrue(parsed(offer.mediaAttributes().get(0)).stream().allMatch(a -> a.suite().profile().encrypted()));
        }
    }

    @Nested
    class ChoosingFromAnOffer {

        @Test
        void firstSupportedSuiteIsChosenAfterUnsupportedOnes() throws Exception {
            SdesKeyingSession bob = session(1);
            SdpKeying answer = bob.answer(oneMedia(
                    "crypto:1 AEAD_AES_256_GCM inline:HGAPy4Cedy/qumbZvpuCZSVT7rNDk8vG4TdUXp5hkyWqJCqiLRGab0KJy1g=",
                    "crypto:2 F8_128_HMAC_SHA1_80 inline:" + KEY,
                    "crypto:3 AES_CM_128_HMAC_SHA1_32 inline:" + KEY,
                    "crypto:4 AES_CM_128_HMAC_SHA1_80 inline:" + OTHER_KEY));
            assertEquals(3, parsed(answer.mediaAttributes().get(0)).get(0).tag());
            assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32, bob.receiveKeys(0).profile());
        }

        @ParameterizedTest
        @ValueSource(strings = {"UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP", "UNAUTHENTICATED_SRTP"})
        void aLineThatWeakensSrtpIsNeverUsed(String weakening) throws Exception {
            SdesKeyingSession bob = session(1);
            SdpKeying answer = bob.answer(oneMedia("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " " + weakening,
                    "crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" + OTHER_KEY));
            assertEquals(2, parsed(answer.mediaAttributes().get(0)).get(0).tag());
        }

        @ParameterizedTest
        @ValueSource(strings = {"UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP", "UNAUTHENTICATED_SRTP"})
        void anOfferThatOnlyWeakensSrtpIsRefusedNamingTheParameter(String weakening) {
            KeyManagementException e = assertThrows(KeyManagementException.class,
                    () -> session(1).answer(oneMedia("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " " + weakening)));
            assertTrue(e.getMessage().contains(weakening) && e.getMessage().contains("refused"), e.getMessage());
        }

        @Test
        void keyDerivationRateZeroIsAcceptedAndAnyOtherRefused() throws Exception {
            session(1).answer(oneMedia("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " KDR=0"));
            KeyManagementException e = assertThrows(KeyManagementException.class,
                    () -> session(1).answer(oneMedia("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " KDR=1")));
            assertTrue(e.getMessage().contains("KDR=1"), e.getMessage());
        }

        @Test
        void severalMasterKeysWithMkisAllBecomeReceiveKeysTheFirstFirst() throws Exception {
            SdesKeyingSession bob = session(1);
            bob.answer(oneMedia("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^20|1:4;inline:" + OTHER_KEY + "|2^20|2:4"));
            List<SrtpKeys> ring = bob.receiveKeyRing(0);
            assertEquals(2, ring.size());
            assertArrayEquals(new byte[] {0, 0, 0, 1}, ring.get(0).mki());
            assertArrayEquals(new byte[] {0, 0, 0, 2}, ring.get(1).mki());
            assertEquals(ring.get(0), bob.receiveKeys(0));
            assertEquals(1L << 20, ring.get(1).lifetime());
            assertTrue(SrtpContext.forReceiving(ring).keyCount() == 2, "the media engine takes both");
        }

        @Test
        void anMkiLongerThan128BytesOrMalformedRefusesTheOfferNamingTheMki() {
            for (String mki : new String[] {"1:129", "1:0", "x:4", "256:1"}) {
                KeyManagementException e = assertThrows(KeyManagementException.class, () -> session(1).answer(oneMedia(
                        "crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^20|" + mki)), mki);
                assertTrue(e.getMessage().contains("MKI"), e.getMessage());
            }
        }

        @Test
        void theLifetimeOfTheOfferedKeyIsTheLifetimeOfTheReceiveKeys() throws Exception {
            SdesKeyingSession bob = session(1);
            bob.answer(oneMedia("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^6"));
            assertEquals(64, bob.receiveKeys(0).lifetime());
            SdesKeyingSession carol = session(1);
            carol.answer(oneMedia("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY));
            assertEquals(SrtpKeys.MAX_LIFETIME, carol.receiveKeys(0).lifetime(), "none given: the SRTP maximum (RFC 4568 6.1)");
        }

        @Test
        void aConfiguredLifetimeIsAnnouncedWithOurKeysAndAppliesToThem() throws Exception {
            SdesKeyingSession alice = (SdesKeyingSession) sdes.newSession(new KeyingParameters(1, RtpEncryption.AesCm128, true, new byte[0], 64));
            SdpKeying offer = alice.offer();
            for (SrtpCryptoAttribute line : parsed(offer.mediaAttributes().get(0))) {
                assertEquals("2^6", line.keys().get(0).lifetime().orElseThrow().text());
            }
            SdesKeyingSession bob = (SdesKeyingSession) sdes.newSession(new KeyingParameters(1, RtpEncryption.AesCm128, true, new byte[0], 1000));
            SdpKeying answer = bob.answer(offer);
            assertTrue(answer.mediaAttributes().get(0).get(0).endsWith("|1000"), "decimal when not a power of two");
            alice.acceptAnswer(answer);
            assertEquals(64, alice.sendKeys(0).lifetime());
            assertEquals(1000, alice.receiveKeys(0).lifetime());
            assertEquals(64, bob.receiveKeys(0).lifetime());
        }

        @Test
        void aMasterKeyIdentifierIsCarriedIntoTheReceiveKeys() throws Exception {
            SdesKeyingSession bob = session(1);
            bob.answer(oneMedia("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^31|5:2"));
            assertEquals(List.of((byte) 0, (byte) 5), List.of(bob.receiveKeys(0).mki()[0], bob.receiveKeys(0).mki()[1]));
            assertEquals(0, bob.sendKeys(0).mki().length, "our own key has no MKI");
        }

        @Test
        void unknownMandatorySessionParametersAreRefusedAndOptionalOnesIgnored() throws Exception {
            assertThrows(KeyManagementException.class,
                    () -> session(1).answer(oneMedia("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " ROC=0x0002")));
            session(1).answer(oneMedia("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " -ROC=0x0002 WSH=64 FEC_ORDER=FEC_SRTP"));
        }

        @Test
        void onlyUnsupportedSuitesRefuseTheOfferListingEachReason() {
            KeyManagementException e = assertThrows(KeyManagementException.class, () -> session(1).answer(oneMedia(
                    "crypto:1 F8_128_HMAC_SHA1_80 inline:" + KEY, "crypto:2 AEAD_AES_128_GCM inline:" + KEY)));
            assertTrue(e.getMessage().contains("a=crypto:1") && e.getMessage().contains("a=crypto:2")
                    && e.getMessage().contains("AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32"), e.getMessage());
        }

        @Test
        void aMalformedLineRefusesTheOfferWithTheParsersReason() {
            KeyManagementException e = assertThrows(KeyManagementException.class, () -> session(1).answer(oneMedia(
                    "crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY.substring(2), "crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" + KEY)));
            assertInstanceOf(CryptoAttributeException.class, e.getCause());
            assertTrue(e.getMessage().contains("media 0") && e.getMessage().contains("key||salt"), e.getMessage());
        }

        @Test
        void aStreamWithoutCryptoAttributesIsLeftUnkeyed() throws Exception {
            SdesKeyingSession bob = session(2);
            SdpKeying answer = bob.answer(new SdpKeying(List.of(),
                    List.of(List.of("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY), List.of("T38FaxVersion:0"))));
            assertEquals(List.of(), answer.mediaAttributes().get(1));
            assertTrue(bob.isKeyed(0));
            assertFalse(bob.isKeyed(1));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> bob.sendKeys(1));
            assertTrue(e.getMessage().contains("media 1"));
        }

        @Test
        void anOfferWithAnotherNumberOfStreamsIsRefused() {
            KeyManagementException e = assertThrows(KeyManagementException.class,
                    () -> session(2).answer(oneMedia("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY)));
            assertTrue(e.getMessage().contains("1 media"), e.getMessage());
        }
    }

    @Nested
    class CheckingTheAnswer {

        private final SdesKeyingSession alice = session(1);

        private String answerLine(int tag, String suite, String extra) {
            return "crypto:" + tag + " " + suite + " inline:" + KEY + extra;
        }

        @Test
        void aTagWeDidNotOfferIsRefused() throws Exception {
            alice.offer();
            KeyManagementException e = assertThrows(KeyManagementException.class,
                    () -> alice.acceptAnswer(oneMedia(answerLine(3, "AES_CM_128_HMAC_SHA1_80", ""))));
            assertTrue(e.getMessage().contains("tag 3") && e.getMessage().contains("[1, 2]"), e.getMessage());
        }

        @Test
        void anotherSuiteUnderAnOfferedTagIsRefused() throws Exception {
            alice.offer();
            KeyManagementException e = assertThrows(KeyManagementException.class,
                    () -> alice.acceptAnswer(oneMedia(answerLine(1, "AES_CM_128_HMAC_SHA1_32", ""))));
            assertTrue(e.getMessage().contains("AES_CM_128_HMAC_SHA1_32") && e.getMessage().contains("offered AES_CM_128_HMAC_SHA1_80"), e.getMessage());
        }

        @Test
        void anAnswerWithTwoCryptoAttributesIsRefused() throws Exception {
            alice.offer();
            assertThrows(KeyManagementException.class, () -> alice.acceptAnswer(oneMedia(
                    answerLine(1, "AES_CM_128_HMAC_SHA1_80", ""), answerLine(2, "AES_CM_128_HMAC_SHA1_32", ""))));
        }

        @Test
        void anAnswerThatWeakensSrtpIsRefusedAndNoKeysAreSet() throws Exception {
            alice.offer();
            KeyManagementException e = assertThrows(KeyManagementException.class,
                    () -> alice.acceptAnswer(oneMedia(answerLine(1, "AES_CM_128_HMAC_SHA1_80", " UNAUTHENTICATED_SRTP"))));
            assertTrue(e.getMessage().contains("UNAUTHENTICATED_SRTP"), e.getMessage());
            assertFalse(alice.isKeyed(0));
        }

        @Test
        void anAnswerWithoutAnOfferIsRefused() {
            assertThrows(KeyManagementException.class, () -> alice.acceptAnswer(oneMedia(answerLine(1, "AES_CM_128_HMAC_SHA1_80", ""))));
        }

        @Test
        void anAnswerWithoutCryptoLeavesTheStreamUnkeyed() throws Exception {
            alice.offer();
            alice.acceptAnswer(oneMedia());
            assertFalse(alice.isKeyed(0));
            assertThrows(IllegalStateException.class, () -> alice.receiveKeys(0));
        }
    }

    @Nested
    class SecureSignalling {

        @Test
        void everyStepIsRefusedWhenTheSdpTravelsInClear() {
            SdesKeyingSession clear = session(1, RtpEncryption.AesCm128, false);
            KeyManagementException e = assertThrows(KeyManagementException.class, clear::offer);
            assertTrue(e.getMessage().contains("RFC 4568 8.3") && e.getMessage().contains("TLS"), e.getMessage());
            assertThrows(KeyManagementException.class, () -> clear.answer(oneMedia("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY)));
            assertThrows(KeyManagementException.class, () -> clear.acceptAnswer(oneMedia()));
            assertThrows(KeyManagementException.class, () -> clear.reoffer(CryptoUpdateMode.Keep));
        }
    }

    @Nested
    class ReInvite {

        private final SdesKeyingSession alice = session(1);
        private final SdesKeyingSession bob = session(1);

        private void establish() throws Exception {
            alice.acceptAnswer(bob.answer(alice.offer()));
        }

        @Test
        void keepReoffersTheCurrentAttributeSoBothDirectionsKeepTheirKeys() throws Exception {
            establish();
            var aliceSend = alice.sendKeys(0);
            var bobSend = bob.sendKeys(0);
            SdpKeying reoffer = alice.reoffer(CryptoUpdateMode.Keep);
            assertEquals(1, reoffer.mediaAttributes().get(0).size(), "only the negotiated attribute");
            alice.acceptAnswer(bob.answer(reoffer, CryptoUpdateMode.Keep));
            assertEquals(aliceSend, alice.sendKeys(0));
            assertEquals(bobSend, bob.sendKeys(0));
            assertEquals(alice.sendKeys(0), bob.receiveKeys(0));
            assertEquals(bob.sendKeys(0), alice.receiveKeys(0));
        }

        @Test
        void regenerateGivesBothDirectionsNewKeysThatStillMatch() throws Exception {
            establish();
            var aliceSend = alice.sendKeys(0);
            var bobSend = bob.sendKeys(0);
            alice.acceptAnswer(bob.answer(alice.reoffer(CryptoUpdateMode.Regenerate)));
            assertNotEquals(aliceSend, alice.sendKeys(0));
            assertNotEquals(bobSend, bob.sendKeys(0));
            assertEquals(alice.sendKeys(0), bob.receiveKeys(0));
            assertEquals(bob.sendKeys(0), alice.receiveKeys(0));
        }

        @Test
        void theAnswererKeepsItsKeyWhenThePeerRekeysButTheSuiteStays() throws Exception {
            establish();
            var bobSend = bob.sendKeys(0);
            var aliceReceive = alice.receiveKeys(0);
            alice.acceptAnswer(bob.answer(alice.offer(), CryptoUpdateMode.Keep));
            assertEquals(bobSend, bob.sendKeys(0));
            assertEquals(aliceReceive, alice.receiveKeys(0));
            assertEquals(alice.sendKeys(0), bob.receiveKeys(0));
        }

        @Test
        void untilTheAnswerArrivesTheEstablishedKeysStayInUse() throws Exception {
            establish();
            var aliceSend = alice.sendKeys(0);
            alice.reoffer(CryptoUpdateMode.Regenerate);
            assertEquals(aliceSend, alice.sendKeys(0));
        }
    }

    @Nested
    class Service {

        @Test
        void isNamedSdesAndRecognisesMediaLevelCryptoOnly() {
            assertEquals("Sdes", sdes.name());
            assertTrue(sdes.isPresent(oneMedia("rtpmap:0 PCMU/8000", "crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY)));
            assertFalse(sdes.isPresent(new SdpKeying(List.of("key-mgmt:mikey AQAFgM0XflABAAAAAAAAAAAAAAYAyO"), List.of(List.of()))));
            assertFalse(sdes.isPresent(oneMedia("rtpmap:0 PCMU/8000")));
        }

        @Test
        void registersAsKeyManagementServiceNamedSdes() throws Exception {
            // The DS descriptor bnd generated from the annotations, as the framework reads it.
            String xml = java.nio.file.Files.readString(java.nio.file.Path.of("target/classes/OSGI-INF/" + SdesKeyManagement.class.getName() + ".xml"));
            assertTrue(xml.contains("interface=\"org.secureta.srtp.keymgmt.KeyManagement\""), xml);
            assertTrue(xml.contains("name=\"keymgmt.name\"") && xml.contains("value=\"Sdes\""), xml);
        }

        @Test
        void offersAndAnswersDoNotShowTheirKeysWhenLogged() throws Exception {
            SdpKeying offer = session(1).offer();
            String inline = offer.mediaAttributes().get(0).get(0);
            String key = inline.substring(inline.indexOf("inline:") + 7);
            assertFalse(offer.toString().contains(key), offer.toString());
            assertTrue(offer.toString().contains("crypto"), offer.toString());
        }

        @Test
        void sessionToStringHidesKeys() throws Exception {
            SdesKeyingSession s = session(1);
            s.answer(oneMedia("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY));
            assertFalse(s.toString().contains(KEY));
            assertFalse(s.receiveKeys(0).toString().contains(KEY));
        }
    }
}
