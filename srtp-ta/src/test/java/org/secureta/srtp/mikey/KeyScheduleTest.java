package org.secureta.srtp.mikey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.secureta.srtp.mikey.Reference.hex;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/** Which SRTP keys each crypto session gets from the Key data a peer sends. */
class KeyScheduleTest {

    private static final byte[] RAND = hex("101112131415161718191a1b1c1d1e1f");
    private static final CommonHeader TWO_SESSIONS = new CommonHeader(DataType.PSK_INIT, false, 77,
            List.of(new CryptoSession(0, 0, 0), new CryptoSession(0, 0, 0)));

    private static SrtpKeys keysOf(List<TrafficKeys> keys, int index) {
        return keys.get(index).withProfile(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    }

    private static KeyData key(KeyData.KeyType type, int keyLength, int saltLength, int fill) {
        byte[] key = new byte[keyLength];
        byte[] salt = new byte[saltLength];
        java.util.Arrays.fill(key, (byte) fill);
        java.util.Arrays.fill(salt, (byte) (fill + 1));
        return new KeyData(type, key, salt, new KeyValidity.None());
    }

    @Test
    void aSaltSentWithTheTgkIsEverySessionsMasterSaltWhileTeksAreStillDerivedPerSession() throws Exception {
        KeyData tgkWithSalt = key(KeyData.KeyType.TGK_SALT, 16, 14, 0x20);

        List<TrafficKeys> keys = KeySchedule.trafficKeys(TWO_SESSIONS, RAND, List.of(tgkWithSalt), 0);

        for (int csId = 1; csId <= 2; csId++) {
            assertArrayEquals(tgkWithSalt.salt(), keysOf(keys, csId - 1).masterSalt());
            assertArrayEquals(KeyDerivation.tek(tgkWithSalt.key(), csId, 77, RAND), keysOf(keys, csId - 1).masterKey());
        }
    }

    @Test
    void teksWithSeparateSaltKeyTheirOwnSessionAndTheLastOneKeysTheRest() throws Exception {
        CommonHeader three = new CommonHeader(DataType.PSK_INIT, false, 77,
                List.of(new CryptoSession(0, 0, 0), new CryptoSession(0, 0, 0), new CryptoSession(0, 0, 0)));
        KeyData first = key(KeyData.KeyType.TEK_SALT, 16, 14, 0x30);
        KeyData second = key(KeyData.KeyType.TEK_SALT, 16, 14, 0x40);

        List<TrafficKeys> keys = KeySchedule.trafficKeys(three, null, List.of(first, second), 0);

        assertArrayEquals(first.key(), keysOf(keys, 0).masterKey());
        assertArrayEquals(second.key(), keysOf(keys, 1).masterKey());
        assertArrayEquals(second.key(), keysOf(keys, 2).masterKey());
        assertArrayEquals(second.salt(), keysOf(keys, 2).masterSalt());
    }

    @Test
    void anSpiValidityBecomesTheMki() throws Exception {
        KeyData tek = new KeyData(KeyData.KeyType.TEK, new byte[30], new byte[0], new KeyValidity.Spi(hex("0a0b")));

        assertArrayEquals(hex("0a0b"), keysOf(KeySchedule.trafficKeys(TWO_SESSIONS, null, List.of(tek), 0), 1).mki());
    }

    @Test
    void unusableKeyDataIsRefusedNamingTheKeyDataPayload() {
        List<List<KeyData>> bad = List.of(
                List.of(key(KeyData.KeyType.TEK, 16, 0, 1)),
                List.of(key(KeyData.KeyType.TEK_SALT, 16, 12, 1)),
                List.of(key(KeyData.KeyType.TGK, 8, 0, 1)),
                List.of(key(KeyData.KeyType.TGK, 16, 0, 1), key(KeyData.KeyType.TGK, 16, 0, 2)),
                List.of(key(KeyData.KeyType.TEK, 30, 0, 1), key(KeyData.KeyType.TGK, 16, 0, 2)),
                List.of(key(KeyData.KeyType.TEK, 30, 0, 1), key(KeyData.KeyType.TEK, 30, 0, 2), key(KeyData.KeyType.TEK, 30, 0, 3)));
        List<String> reasons = List.of("TEK of 16 bytes without salt", "salt of 12 bytes", "TGK of 8 bytes is too short",
                "exactly one TGK", "a TGK mixed with TEKs", "3 TEKs for 2 crypto sessions");

        for (int i = 0; i < bad.size(); i++) {
            List<KeyData> keys = bad.get(i);
            MikeyException e = assertThrows(MikeyException.class, () -> KeySchedule.trafficKeys(TWO_SESSIONS, RAND, keys, 40));
            assertTrue(e.getMessage().startsWith("Key data payload at offset 40: "), e.getMessage());
            assertTrue(e.getMessage().contains(reasons.get(i)), e.getMessage());
        }
    }

    @Test
    void aTgkWithoutRandCannotBeUsed() {
        MikeyException e = assertThrows(MikeyException.class,
                () -> KeySchedule.trafficKeys(TWO_SESSIONS, null, List.of(key(KeyData.KeyType.TGK, 16, 0, 1)), 40));

        assertTrue(e.getMessage().contains("a TGK needs the RAND payload"), e.getMessage());
    }

    @Test
    void aPeerStartingAStreamAtANonZeroRocIsRefused() throws Exception {
        MikeyMessage message = new MikeyMessage(new CommonHeader(DataType.PSK_INIT, false, 5, List.of(new CryptoSession(0, 0, 7))),
                List.of(Timestamp.ntpUtc(Reference.NOW), new Kemac(EncryptionAlgorithm.NULL,
                        KeyDataCodec.encode(List.of(key(KeyData.KeyType.TEK, 30, 0, 1))), MacAlgorithm.NULL, new byte[0])));
        var unit = new MikeyKeyManagement(Reference.clockAt(Reference.NOW), Duration.ofMinutes(5), new java.security.SecureRandom());
        var session = unit.newSession(new org.secureta.srtp.keymgmt.KeyingParameters(1, org.secureta.srtp.RtpEncryption.AesCm128, true,
                new byte[0]));

        MikeyException e = assertThrows(MikeyException.class, () -> session.answer(new org.secureta.srtp.keymgmt.SdpKeying(
                List.of(KeyMgmtAttribute.format(MessageEncoder.encode(message))), List.of(List.of()))));

        assertEquals("HDR payload at offset 0: CS 1 starts at ROC 7; the SRTP engine starts every stream at ROC 0", e.getMessage());
    }

    @Test
    void aNullKemacOfferAskingForVerificationGetsAnUnauthenticatedVerificationOverTls() throws Exception {
        MikeyMessage message = new MikeyMessage(new CommonHeader(DataType.PSK_INIT, true, 5, List.of(new CryptoSession(0, 0, 0))),
                List.of(Timestamp.ntpUtc(Reference.NOW), new Kemac(EncryptionAlgorithm.NULL,
                        KeyDataCodec.encode(List.of(key(KeyData.KeyType.TEK, 30, 0, 1))), MacAlgorithm.NULL, new byte[0])));
        MikeyResponder responder = new MikeyResponder(new byte[0], true,
                new ReplayCache(Reference.clockAt(Reference.NOW), Duration.ofMinutes(5), 10));

        byte[] verification = responder.respond(MessageEncoder.encode(message)).verificationMessage().orElseThrow();

        assertEquals(MacAlgorithm.NULL, MessageDecoder.decode(verification).message().verification().orElseThrow().algorithm());
    }
}
