package org.secureta.srtp.mikey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.secureta.srtp.mikey.Reference.concat;
import static org.secureta.srtp.mikey.Reference.hex;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.secureta.srtp.RtpEncryption;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * What GStreamer sends ({@code gst_mikey_message_new_from_caps}, byte for byte as its
 * gstmikey.c writes it, optionally with gst-rtsp-server's one crypto session) and how far the
 * tolerance for it goes: GStreamer's tag length in SP parameter 3, #CS 0, media-level key-mgmt.
 * The real GStreamer is the peer in {@code GStreamerMikeyInteropTest}.
 */
class GStreamerToleranceTest {

    private static final byte[] KEY = hex("00112233445566778899aabbccddeeff");
    private static final byte[] SALT = hex("0102030405060708090a0b0c0d0e");
    private static final byte[] RAND = hex("c0c1c2c3c4c5c6c7c8c9cacbcccdcecf");

    private final MikeyKeyManagement unit = new MikeyKeyManagement(Reference.clockAt(Reference.NOW), Duration.ofMinutes(5),
            new SecureRandom());

    private static byte[] ntp() {
        long seconds = Reference.NOW.getEpochSecond() + 2_208_988_800L;
        return ByteBuffer.allocate(8).putInt((int) seconds).putInt(0x4000_0000).array();
    }

    /** SP params as new_from_caps writes them: 0,1,2,3 then 7,8,10; no parameter 11. */
    private static byte[] gstParams(int param3) {
        return hex(String.format("000101 010110 020101 0301%02x 070101 080101 0a0101", param3));
    }

    /**
     * HDR (PSK init, no V bit, {@code cs} crypto sessions of policy 0, SSRC 0x11223344, ROC 0), T
     * (NTP-UTC), RAND (16), SP policy 0 with {@code params}, KEMAC NULL/NULL with one 30-byte TEK.
     */
    static byte[] gstMessage(int cs, byte[] params) {
        return gstMessage(cs, params, 1);
    }

    /** As {@link #gstMessage(int, byte[])} with {@code teks} TEKs, the n-th one's key ending in n. */
    static byte[] gstMessage(int cs, byte[] params, int teks) {
        byte[] map = new byte[0];
        for (int i = 0; i < cs; i++) {
            map = concat(map, hex(String.format("00 112233%02x 00000000", 0x44 + i)));
        }
        byte[] keyData = new byte[0];
        for (int n = 0; n < teks; n++) {
            byte[] tek = concat(KEY, SALT);
            tek[15] ^= (byte) n;
            keyData = concat(keyData, hex(n + 1 < teks ? "14 20 001e" : "00 20 001e"), tek);
        }
        return concat(hex(String.format("01 00 05 00 5eed5eed %02x 00", cs)), map,
                concat(hex("0b 00"), ntp()),
                concat(hex("0a 10"), RAND),
                concat(hex("01 00 00"), ByteBuffer.allocate(2).putShort((short) params.length).array(), params),
                concat(hex("00 00"), ByteBuffer.allocate(2).putShort((short) keyData.length).array(), keyData, hex("00")));
    }

    private static String attribute(byte[] message) {
        return "key-mgmt:mikey " + Base64.getEncoder().encodeToString(message);
    }

    private KeyingSession overTls(int media) {
        return unit.newSession(new KeyingParameters(media, RtpEncryption.AesCm128, true, new byte[0]));
    }

    private static SdpKeying sessionLevel(String attribute, int media) {
        return new SdpKeying(List.of(attribute), Collections.nCopies(media, List.of()));
    }

    @Test
    void gstreamersTagLengthTenInParameterThreeKeysTheEightyBitSuite() throws Exception {
        KeyingSession session = overTls(1);

        SdpKeying answer = session.answer(sessionLevel(attribute(gstMessage(1, gstParams(10))), 1));

        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80, session.receiveKeys(0).profile());
        assertArrayEquals(KEY, session.receiveKeys(0).masterKey());
        assertArrayEquals(SALT, session.receiveKeys(0).masterSalt());
        assertTrue(answer.sessionAttributes().isEmpty(), "no V bit: no verification message (GStreamer would never parse one)");
    }

    @Test
    void gstreamersTagLengthFourInParameterThreeKeysTheThirtyTwoBitSuite() throws Exception {
        KeyingSession session = overTls(1);

        session.answer(sessionLevel(attribute(gstMessage(1, gstParams(4))), 1));

        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32, session.receiveKeys(0).profile());
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32, session.sendKeys(0).profile());
    }

    @Test
    void theRfcEncodingStillSelectsTheTagByParameterEleven() throws Exception {
        KeyingSession session = overTls(1);

        session.answer(sessionLevel(attribute(gstMessage(1, concat(gstParams(20), hex("0b0104")))), 1));

        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32, session.receiveKeys(0).profile());
    }

    @Test
    void parameterThreeAndParameterElevenThatDisagreeAreRefusedNamingBoth() {
        byte[] message = gstMessage(1, concat(gstParams(4), hex("0b010a")));

        MikeyException e = assertThrows(MikeyException.class, () -> overTls(1).answer(sessionLevel(attribute(message), 1)));

        assertTrue(e.getMessage().startsWith("SP payload at offset"), e.getMessage());
        assertTrue(e.getMessage().contains("session authentication key length parameter at offset")
                && e.getMessage().contains("contradicts the authentication tag length parameter"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 8, 16, 19, 21, 32, 255})
    void anyOtherAuthenticationKeyLengthIsStillRefusedNamingTheParameter(int length) {
        byte[] message = gstMessage(1, gstParams(length));

        MikeyException e = assertThrows(MikeyException.class, () -> overTls(1).answer(sessionLevel(attribute(message), 1)));

        assertTrue(e.getMessage().startsWith("SP payload at offset"), e.getMessage());
        assertTrue(e.getMessage().contains("session authentication key length parameter at offset"), e.getMessage());
        assertTrue(e.getMessage().contains(": " + length + " (allowed 20;"), e.getMessage());
    }

    @Test
    void gstreamersTagLengthDoesNotLetAnOfferDropEncryptionOnAnAesLine() {
        byte[] params = hex("000100 010100 020101 030104 070100 080100 0a0101");
        byte[] message = gstMessage(1, params);

        MikeyException e = assertThrows(MikeyException.class, () -> overTls(1).answer(sessionLevel(attribute(message), 1)));

        assertTrue(e.getMessage().contains("NULL_HMAC_SHA1_32") && e.getMessage().contains("requires AES-CM-128"), e.getMessage());
    }

    @Test
    void aMessageWithoutCryptoSessionsKeysEveryMediaWithItsTekAndPolicyZero() throws Exception {
        KeyingSession session = overTls(2);

        session.answer(sessionLevel(attribute(gstMessage(0, gstParams(4))), 2));

        for (int media = 0; media < 2; media++) {
            assertArrayEquals(KEY, session.receiveKeys(media).masterKey());
            assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32, session.receiveKeys(media).profile());
        }
    }

    @Test
    void aTgkWithoutCryptoSessionsIsRefusedBecauseNoTekCanBeDerived() throws Exception {
        // A NULL KEMAC (over TLS) carrying a TGK instead of a TEK, and no crypto session.
        byte[] tgk = concat(hex("00 00 0014"), hex("00 00 0010"), KEY, hex("00"));
        byte[] message = concat(hex("01 00 05 00 5eed5eed 00 00"), concat(hex("0b 00"), ntp()), concat(hex("0a 10"), RAND),
                concat(hex("01 00 00 0015"), gstParams(10)), tgk);

        MikeyException e = assertThrows(MikeyException.class, () -> overTls(1).answer(sessionLevel(attribute(message), 1)));

        assertTrue(e.getMessage().startsWith("Key data payload at offset") && e.getMessage().contains("TGK with #CS 0"), e.getMessage());
    }

    @Test
    void aNullKemacIsStillRefusedWithoutTlsAtMediaLevelToo() {
        KeyingSession session = unit.newSession(new KeyingParameters(1, RtpEncryption.AesCm128, false, Reference.PSK));
        SdpKeying offer = new SdpKeying(List.of(), List.of(List.of(attribute(gstMessage(1, gstParams(10))))));

        MikeyException e = assertThrows(MikeyException.class, () -> session.answer(offer));

        assertTrue(e.getMessage().startsWith("media 0 key-mgmt:mikey: KEMAC payload at offset"), e.getMessage());
        assertTrue(e.getMessage().contains("did not arrive over TLS"), e.getMessage());
    }

    @Test
    void mediaLevelKeyMgmtKeysItsOwnMediaOnly() throws Exception {
        KeyingSession session = overTls(2);
        SdpKeying offer = new SdpKeying(List.of(), List.of(List.of(), List.of(attribute(gstMessage(1, gstParams(10))))));

        SdpKeying answer = session.answer(offer);

        assertArrayEquals(KEY, session.receiveKeys(1).masterKey());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> session.sendKeys(0));
        assertTrue(e.getMessage().contains("media 0 is keyed by no key-mgmt:mikey"), e.getMessage());
        assertEquals(List.of(List.of(), List.of()), answer.mediaAttributes());
    }

    @Test
    void mediaLevelKeyMgmtOverridesTheSessionLevelOneForItsMedia() throws Exception {
        KeyingSession answerer = overTls(2);
        KeyingSession offerer = unit.newSession(new KeyingParameters(2, RtpEncryption.AesCm128, true, new byte[0]));
        SdpKeying sessionOffer = offerer.offer();
        byte[] unitKeysMedia0;
        SdpKeying offer = new SdpKeying(sessionOffer.sessionAttributes(),
                List.of(List.of(), List.of(attribute(gstMessage(1, gstParams(4))))));

        answerer.answer(offer);
        offerer.acceptAnswer(SdpKeying.empty(2));
        unitKeysMedia0 = offerer.sendKeys(0).masterKey();

        assertArrayEquals(unitKeysMedia0, answerer.receiveKeys(0).masterKey());
        assertArrayEquals(KEY, answerer.receiveKeys(1).masterKey());
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32, answerer.receiveKeys(1).profile());
    }

    @Test
    void aPreSharedKeyOfferAtMediaLevelIsVerifiedAtMediaLevel() throws Exception {
        KeyingSession offerer = unit.newSession(new KeyingParameters(1, RtpEncryption.AesCm128, false, Reference.PSK));
        MikeyKeyManagement other = new MikeyKeyManagement(Reference.clockAt(Reference.NOW), Duration.ofMinutes(5), new SecureRandom());
        KeyingSession answerer = other.newSession(new KeyingParameters(1, RtpEncryption.AesCm128, false, Reference.PSK));
        SdpKeying sessionOffer = offerer.offer();

        SdpKeying answer = answerer.answer(new SdpKeying(List.of(), List.of(sessionOffer.sessionAttributes())));

        assertTrue(answer.sessionAttributes().isEmpty());
        assertEquals(1, answer.mediaAttributes().get(0).size(), "the verification message goes where the I_MESSAGE was");
        offerer.acceptAnswer(new SdpKeying(answer.mediaAttributes().get(0), List.of(List.of())));
        assertArrayEquals(offerer.sendKeys(0).masterKey(), answerer.receiveKeys(0).masterKey());
    }

    @Test
    void aMediaLevelMessageListingSeveralSsrcsUnderOneKeyKeysItsMedia() throws Exception {
        KeyingSession session = overTls(1);

        session.answer(new SdpKeying(List.of(), List.of(List.of(attribute(gstMessage(2, gstParams(4)))))));

        assertArrayEquals(KEY, session.receiveKeys(0).masterKey());
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32, session.receiveKeys(0).profile());
    }

    @Test
    void aMediaLevelMessageWithDifferentKeysPerSsrcIsRefusedNamingTheMedia() {
        SdpKeying offer = new SdpKeying(List.of(), List.of(List.of(attribute(gstMessage(2, gstParams(10), 2)))));

        MikeyException e = assertThrows(MikeyException.class, () -> overTls(1).answer(offer));

        assertTrue(e.getMessage().startsWith("HDR payload at offset 0: media 0 key-mgmt:mikey: #CS 2 crypto sessions with different keys"),
                e.getMessage());
    }

    @Test
    void twoMikeyAttributesInOneMediaAreRefused() {
        String a = attribute(gstMessage(1, gstParams(10)));
        SdpKeying offer = new SdpKeying(List.of(), List.of(List.of(a, a)));

        MikeyException e = assertThrows(MikeyException.class, () -> overTls(1).answer(offer));

        assertTrue(e.getMessage().contains("2 key-mgmt:mikey attributes in media 0"), e.getMessage());
    }

    @Test
    void theSameGStreamerMessageInTwoMediaIsAReplay() {
        String a = attribute(gstMessage(1, gstParams(10)));
        SdpKeying offer = new SdpKeying(List.of(), List.of(List.of(a), List.of(a)));

        MikeyException e = assertThrows(MikeyException.class, () -> overTls(2).answer(offer));

        assertTrue(e.getMessage().startsWith("media 1 key-mgmt:mikey: T payload at offset") && e.getMessage().contains("replay"),
                e.getMessage());
    }

    @Test
    void anOfferWithoutAnyMikeyAttributeIsRefusedSayingWhereItWasLookedFor() {
        MikeyException e = assertThrows(MikeyException.class, () -> overTls(1).answer(SdpKeying.empty(1)));

        assertTrue(e.getMessage().contains("no key-mgmt:mikey attribute, at session or media level"), e.getMessage());
        assertTrue(Arrays.asList(e.getMessage().split(" ")).contains("key-mgmt"), e.getMessage());
    }
}
