package org.secureta.srtp.mikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secureta.srtp.RtpEncryption;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/** Two units keying a call through the SPI, as the call agent drives it. */
class MikeyKeyingSessionTest {

    private static final byte[] OTHER_PSK = Reference.hex("ff0102030405060708090a0b0c0d0e0f");

    /** A clock the test can move. */
    private static final class TestClock extends Clock {
        private Instant now = Reference.NOW;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final TestClock offererClock = new TestClock();
    private final TestClock answererClock = new TestClock();
    private final MikeyKeyManagement offererUnit = new MikeyKeyManagement(offererClock, Duration.ofMinutes(5), new SecureRandom());
    private final MikeyKeyManagement answererUnit = new MikeyKeyManagement(answererClock, Duration.ofMinutes(5), new SecureRandom());

    private static KeyingParameters psk(int media, byte[] key) {
        return new KeyingParameters(media, RtpEncryption.AesCm128, false, key);
    }

    private static String messageOf(String attribute) {
        return attribute.substring("key-mgmt:mikey ".length());
    }

    private static String withMessage(byte[] message) {
        return "key-mgmt:mikey " + Base64.getEncoder().encodeToString(message);
    }

    private static SdpKeying sessionLevel(String attribute, int media) {
        return new SdpKeying(List.of(attribute), java.util.Collections.nCopies(media, List.of()));
    }

    @Test
    void offererAndAnswererWithTheSamePreSharedKeyDeriveIdenticalKeysForEveryMediaStream() throws Exception {
        KeyingSession offerer = offererUnit.newSession(psk(2, Reference.PSK));
        KeyingSession answerer = answererUnit.newSession(psk(2, Reference.PSK));

        SdpKeying offer = offerer.offer();
        SdpKeying answer = answerer.answer(offer);
        offerer.acceptAnswer(answer);

        for (int media = 0; media < 2; media++) {
            SrtpKeys sent = offerer.sendKeys(media);
            assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80, sent.profile());
            assertEquals(sent, answerer.receiveKeys(media), "what the offerer sends, the answerer decrypts");
            assertEquals(answerer.sendKeys(media), offerer.receiveKeys(media), "and the other way round");
        }
        assertNotEquals(offerer.sendKeys(0), offerer.sendKeys(1), "each media stream has its own key");
    }

    @Test
    void offerIsOneSessionLevelKeyMgmtAttributeAndTheAnswerCarriesTheVerificationMessage() throws Exception {
        KeyingSession offerer = offererUnit.newSession(psk(2, Reference.PSK));

        SdpKeying offer = offerer.offer();
        SdpKeying answer = answererUnit.newSession(psk(2, Reference.PSK)).answer(offer);

        assertEquals(1, offer.sessionAttributes().size());
        assertTrue(offer.sessionAttributes().get(0).matches("key-mgmt:mikey [A-Za-z0-9+/]+=*"), offer.sessionAttributes().get(0));
        assertEquals(List.of(List.of(), List.of()), offer.mediaAttributes());
        assertEquals(1, answer.sessionAttributes().size());
        byte[] verification = Base64.getDecoder().decode(messageOf(answer.sessionAttributes().get(0)));
        assertEquals(DataType.PSK_VERIFICATION, MessageDecoder.decode(verification).message().header().dataType());
    }

    @Test
    void eachOfferUsesFreshKeys() throws Exception {
        KeyingSession first = offererUnit.newSession(psk(1, Reference.PSK));
        KeyingSession second = offererUnit.newSession(psk(1, Reference.PSK));
        first.acceptAnswer(answererUnit.newSession(psk(1, Reference.PSK)).answer(first.offer()));
        second.acceptAnswer(answererUnit.newSession(psk(1, Reference.PSK)).answer(second.offer()));

        assertNotEquals(first.sendKeys(0), second.sendKeys(0));
    }

    @Test
    void aDifferentPreSharedKeyFailsTheKemacMac() throws Exception {
        SdpKeying offer = offererUnit.newSession(psk(1, Reference.PSK)).offer();

        MikeyException e = assertThrows(MikeyException.class, () -> answererUnit.newSession(psk(1, OTHER_PSK)).answer(offer));

        assertTrue(e.getMessage().matches("KEMAC payload at offset \\d+: MAC verification failed.*"), e.getMessage());
    }

    @Test
    void anAlteredOfferFailsTheMacWhicheverByteChanged() throws Exception {
        byte[] message = Base64.getDecoder().decode(messageOf(offererUnit.newSession(psk(1, Reference.PSK)).offer().sessionAttributes().get(0)));
        int randByte = 32; // inside RAND, after HDR (19) and T (10)
        int macByte = message.length - 1;
        for (int index : new int[] {randByte, macByte}) {
            byte[] altered = message.clone();
            altered[index] ^= 0x01;

            MikeyException e = assertThrows(MikeyException.class,
                    () -> answererUnit.newSession(psk(1, Reference.PSK)).answer(sessionLevel(withMessage(altered), 1)));

            assertTrue(e.getMessage().contains("MAC verification failed"), e.getMessage());
        }
    }

    @Test
    void anAnswererWithoutPreSharedKeyRefusesAProtectedOfferClearly() throws Exception {
        SdpKeying offer = offererUnit.newSession(psk(1, Reference.PSK)).offer();

        MikeyException e = assertThrows(MikeyException.class,
                () -> answererUnit.newSession(new KeyingParameters(1, RtpEncryption.AesCm128, true, new byte[0])).answer(offer));

        assertTrue(e.getMessage().contains("no MIKEY pre-shared key is configured (SecureTA.MikeyPreSharedKey)"), e.getMessage());
    }

    @Test
    void anOfferTimestampedOutsideTheClockSkewIsRefusedAsStaleEitherWay() throws Exception {
        SdpKeying old = offererUnit.newSession(psk(1, Reference.PSK)).offer();
        answererClock.advance(Duration.ofMinutes(6));

        MikeyException stale = assertThrows(MikeyException.class, () -> answererUnit.newSession(psk(1, Reference.PSK)).answer(old));

        offererClock.advance(Duration.ofMinutes(13));
        SdpKeying future = offererUnit.newSession(psk(1, Reference.PSK)).offer();
        MikeyException early = assertThrows(MikeyException.class, () -> answererUnit.newSession(psk(1, Reference.PSK)).answer(future));

        assertTrue(stale.getMessage().matches("T payload at offset 19: .*360 s behind our clock.*allowed clock skew of 300 s.*"),
                stale.getMessage());
        assertTrue(early.getMessage().contains("ahead of our clock"), early.getMessage());
    }

    @Test
    void anOfferWithinTheClockSkewIsAccepted() throws Exception {
        SdpKeying offer = offererUnit.newSession(psk(1, Reference.PSK)).offer();
        answererClock.advance(Duration.ofMinutes(4));

        SdpKeying answer = answererUnit.newSession(psk(1, Reference.PSK)).answer(offer);

        assertEquals(1, answer.sessionAttributes().size());
    }

    @Test
    void aReplayedOfferIsRefusedEvenInAnotherCall() throws Exception {
        SdpKeying offer = offererUnit.newSession(psk(1, Reference.PSK)).offer();
        answererUnit.newSession(psk(1, Reference.PSK)).answer(offer);

        MikeyException e = assertThrows(MikeyException.class, () -> answererUnit.newSession(psk(1, Reference.PSK)).answer(offer));

        assertTrue(e.getMessage().matches("T payload at offset 19: replayed message.*"), e.getMessage());
    }

    @Test
    void aReplayAfterTheWindowIsStillRefusedBecauseItIsStale() throws Exception {
        SdpKeying offer = offererUnit.newSession(psk(1, Reference.PSK)).offer();
        answererUnit.newSession(psk(1, Reference.PSK)).answer(offer);
        answererClock.advance(Duration.ofMinutes(10));

        MikeyException e = assertThrows(MikeyException.class, () -> answererUnit.newSession(psk(1, Reference.PSK)).answer(offer));

        assertTrue(e.getMessage().contains("outside the allowed clock skew"), e.getMessage());
    }

    @Test
    void theOffererRefusesAnAlteredOrMissingVerificationMessage() throws Exception {
        KeyingSession offerer = offererUnit.newSession(psk(1, Reference.PSK));
        SdpKeying answer = answererUnit.newSession(psk(1, Reference.PSK)).answer(offerer.offer());
        byte[] verification = Base64.getDecoder().decode(messageOf(answer.sessionAttributes().get(0)));
        verification[verification.length - 3] ^= 0x40;

        MikeyException altered = assertThrows(MikeyException.class,
                () -> offerer.acceptAnswer(sessionLevel(withMessage(verification), 1)));
        MikeyException missing = assertThrows(MikeyException.class, () -> offerer.acceptAnswer(SdpKeying.empty(1)));

        assertTrue(altered.getMessage().matches("V payload at offset \\d+: verification MAC mismatch.*"), altered.getMessage());
        assertTrue(missing.getMessage().contains("no key-mgmt:mikey verification message"), missing.getMessage());
        assertThrows(IllegalStateException.class, () -> offerer.sendKeys(0), "no keys after a failed verification");
    }

    @Test
    void aVerificationMessageForAnotherOfferIsRefused() throws Exception {
        KeyingSession first = offererUnit.newSession(psk(1, Reference.PSK));
        KeyingSession second = offererUnit.newSession(psk(1, Reference.PSK));
        first.offer();
        SdpKeying answerToSecond = answererUnit.newSession(psk(1, Reference.PSK)).answer(second.offer());

        MikeyException e = assertThrows(MikeyException.class, () -> first.acceptAnswer(answerToSecond));

        assertTrue(e.getMessage().contains("does not match the offer's"), e.getMessage());
    }

    @Test
    void aReplayedVerificationMessageIsRefused() throws Exception {
        ReplayCache offererCache = new ReplayCache(offererClock, Duration.ofMinutes(5), 100);
        InitiatorExchange exchange = new MikeyInitiator(Reference.PSK, false, new SecureRandom(), offererCache)
                .start(List.of(new CryptoSession(0, 0, 0)), List.of(SrtpPolicy.defaults(0)));
        byte[] verification = new MikeyResponder(Reference.PSK, false, new ReplayCache(answererClock, Duration.ofMinutes(5), 100))
                .respond(exchange.message()).verificationMessage().orElseThrow();
        exchange.acceptVerification(verification);

        MikeyException e = assertThrows(MikeyException.class, () -> exchange.acceptVerification(verification));

        assertTrue(e.getMessage().matches("T payload at offset 19: replayed message: a Pre-shared key verification message.*"),
                e.getMessage());
    }

    @Test
    void nullKemacIsAcceptedOverTlsWithoutPreSharedKey() throws Exception {
        KeyingParameters tls = new KeyingParameters(2, RtpEncryption.AesCm128, true, new byte[0]);
        KeyingSession offerer = offererUnit.newSession(tls);
        KeyingSession answerer = answererUnit.newSession(tls);

        SdpKeying answer = answerer.answer(offerer.offer());
        offerer.acceptAnswer(answer);

        assertTrue(answer.sessionAttributes().isEmpty(), "no verification asked by a NULL-KEMAC offer");
        for (int media = 0; media < 2; media++) {
            assertEquals(offerer.sendKeys(media), answerer.receiveKeys(media));
        }
        assertNotEquals(offerer.sendKeys(0), offerer.sendKeys(1));
    }

    @Test
    void nullKemacIsRefusedOverPlainSignalling() throws Exception {
        SdpKeying offer = offererUnit.newSession(new KeyingParameters(1, RtpEncryption.AesCm128, true, new byte[0])).offer();

        MikeyException e = assertThrows(MikeyException.class,
                () -> answererUnit.newSession(new KeyingParameters(1, RtpEncryption.AesCm128, false, Reference.PSK)).answer(offer));

        assertTrue(e.getMessage().matches("KEMAC payload at offset \\d+: encryption NULL with MAC NULL .*only over secure \\(TLS\\) signalling.*"),
                e.getMessage());
    }

    @Test
    void withoutPreSharedKeyAndWithoutTlsNothingCanBeOffered() {
        KeyingSession session = offererUnit.newSession(new KeyingParameters(1, RtpEncryption.AesCm128, false, new byte[0]));

        KeyManagementException e = assertThrows(KeyManagementException.class, session::offer);

        assertTrue(e.getMessage().contains("no pre-shared key is configured (SecureTA.MikeyPreSharedKey)"), e.getMessage());
    }

    @Test
    void nullEncryptionConfiguredOnBothSidesGivesAuthenticatedUnencryptedSrtp() throws Exception {
        KeyingParameters nullEncryption = new KeyingParameters(1, RtpEncryption.Null, false, Reference.PSK);
        KeyingSession offerer = offererUnit.newSession(nullEncryption);
        KeyingSession answerer = answererUnit.newSession(nullEncryption);

        offerer.acceptAnswer(answerer.answer(offerer.offer()));

        assertEquals(SrtpProfile.NULL_HMAC_SHA1_80, offerer.sendKeys(0).profile());
        assertEquals(offerer.sendKeys(0), answerer.receiveKeys(0));
    }

    @Test
    void anAnswererConfiguredForAesRefusesAnOfferOfNullEncryption() throws Exception {
        SdpKeying offer = offererUnit.newSession(new KeyingParameters(1, RtpEncryption.Null, false, Reference.PSK)).offer();

        MikeyException e = assertThrows(MikeyException.class, () -> answererUnit.newSession(psk(1, Reference.PSK)).answer(offer));

        assertTrue(e.getMessage().contains("requires AES-CM-128"), e.getMessage());
    }

    @Test
    void theNumberOfCryptoSessionsMustMatchTheMediaDescriptions() throws Exception {
        SdpKeying offer = offererUnit.newSession(psk(1, Reference.PSK)).offer();

        MikeyException e = assertThrows(MikeyException.class, () -> answererUnit.newSession(psk(2, Reference.PSK)).answer(
                new SdpKeying(offer.sessionAttributes(), List.of(List.of(), List.of()))));

        assertTrue(e.getMessage().contains("#CS 1 does not match the 2 media descriptions"), e.getMessage());
    }

    @Test
    void anOfferWithoutKeyMgmtOrWithTwoIsRefused() {
        KeyingSession answerer = answererUnit.newSession(psk(1, Reference.PSK));

        assertThrows(MikeyException.class, () -> answerer.answer(sessionLevel("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x", 1)));
        assertThrows(MikeyException.class, () -> answerer.answer(new SdpKeying(
                List.of("key-mgmt:mikey AQ==", "key-mgmt:mikey AQ=="), List.of(List.of()))));
    }

    @Test
    void keysAreUnavailableBeforeTheExchangeAndNeverPrinted() throws Exception {
        KeyingSession offerer = offererUnit.newSession(psk(1, Reference.PSK));
        assertThrows(IllegalStateException.class, () -> offerer.sendKeys(0));

        offerer.acceptAnswer(answererUnit.newSession(psk(1, Reference.PSK)).answer(offerer.offer()));

        List<String> printed = new ArrayList<>(List.of(offerer.toString(), offerer.sendKeys(0).toString()));
        String pskHex = java.util.HexFormat.of().formatHex(Reference.PSK);
        String keyHex = java.util.HexFormat.of().formatHex(offerer.sendKeys(0).masterKey());
        for (String text : printed) {
            assertFalse(text.toLowerCase().contains(pskHex.substring(0, 8)), text);
            assertFalse(text.toLowerCase().contains(keyHex.substring(0, 8)), text);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> offerer.sendKeys(1));
    }
}
