package org.secureta.srtp.mikey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.secureta.srtp.mikey.Reference.concat;
import static org.secureta.srtp.mikey.Reference.hex;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * Messages written out byte by byte from the RFC 3830 section 6 layouts, with the crypto of the
 * plain reference implementation, compared with what the production code sends and reads.
 */
class MikeyWireFormatTest {

    private static final int CSB_ID = 0x12345678;
    private static final byte[] RAND = hex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
    private static final byte[] TGK = hex("b0b1b2b3b4b5b6b7b8b9babbbcbdbebf");

    private static byte[] ntpBytes() {
        // 2025-06-01T12:00:00.250Z: seconds since 1900, then a quarter second as binary fraction.
        long seconds = Reference.NOW.getEpochSecond() + 2_208_988_800L;
        return ByteBuffer.allocate(8).putInt((int) seconds).putInt(0x4000_0000).array();
    }

    private static ReplayCache cache() {
        return new ReplayCache(Reference.clockAt(Reference.NOW), Duration.ofMinutes(5), 100);
    }

    @Test
    void preSharedKeyInitMessageIsLaidOutAsRfc3830SaysWithAesCmEncryptedTgkAndHmacOverTheWholeMessage() throws Exception {
        byte[] hdr = concat(hex("01 00 05 80"), hex("12345678"), hex("02 00"),
                hex("00 00000000 00000000"), hex("00 00000000 00000000"));
        byte[] t = concat(hex("0b 00"), ntpBytes());
        byte[] rand = concat(hex("0a 10"), RAND);
        byte[] sp = concat(hex("01 00 00 001b"),
                hex("000101 010110 020101 030114 04010e 070101 080101 0a0101 0b010a"));
        byte[] keyData = concat(hex("00 00 0010"), TGK);
        byte[] encKey = Reference.prf(Reference.PSK, Reference.label("150533E1", 0xFF, CSB_ID, RAND), 16);
        byte[] authKey = Reference.prf(Reference.PSK, Reference.label("2D22AC75", 0xFF, CSB_ID, RAND), 20);
        byte[] saltKey = Reference.prf(Reference.PSK, Reference.label("29B88916", 0xFF, CSB_ID, RAND), 14);
        byte[] iv = new byte[16];
        byte[] csbAndT = concat(hex("0000 12345678"), ntpBytes());
        for (int i = 0; i < 14; i++) {
            iv[i] = (byte) (saltKey[i] ^ csbAndT[i]);
        }
        byte[] kemacUpToMacAlg = concat(hex("00 01 0014"), Reference.aesCounterMode(encKey, iv, keyData), hex("01"));
        byte[] macInput = concat(hdr, t, rand, sp, kemacUpToMacAlg);
        byte[] expected = concat(macInput, Reference.hmacSha1(authKey, macInput));

        MikeyInitiator initiator = new MikeyInitiator(Reference.PSK, false, new Reference.ScriptedRandom(CSB_ID, RAND, TGK), cache());
        InitiatorExchange exchange = initiator.start(List.of(new CryptoSession(0, 0, 0), new CryptoSession(0, 0, 0)),
                List.of(SrtpPolicy.forProfile(0, SrtpProfile.AES_CM_128_HMAC_SHA1_80)));

        assertArrayEquals(expected, exchange.message());
    }

    @Test
    void offerersSrtpKeysAreTheTeksDerivedFromTheTgkPerCryptoSession() throws Exception {
        MikeyInitiator initiator = new MikeyInitiator(Reference.PSK, false, new Reference.ScriptedRandom(CSB_ID, RAND, TGK), cache());
        InitiatorExchange exchange = initiator.start(List.of(new CryptoSession(0, 0, 0), new CryptoSession(0, 0, 0)),
                List.of(SrtpPolicy.forProfile(0, SrtpProfile.AES_CM_128_HMAC_SHA1_80)));

        for (int csId = 1; csId <= 2; csId++) {
            var keys = exchange.trafficKeys().get(csId - 1).withProfile(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
            assertArrayEquals(Reference.prf(TGK, Reference.label("2AD01C64", csId, CSB_ID, RAND), 16), keys.masterKey());
            assertArrayEquals(Reference.prf(TGK, Reference.label("39A2C14B", csId, CSB_ID, RAND), 14), keys.masterSalt());
        }
    }

    @Test
    void verificationMessageMacCoversTheResponseAndTheInitiatorsTimestamp() throws Exception {
        MikeyInitiator initiator = new MikeyInitiator(Reference.PSK, false, new Reference.ScriptedRandom(CSB_ID, RAND, TGK), cache());
        InitiatorExchange exchange = initiator.start(List.of(new CryptoSession(0, 0, 0)),
                List.of(SrtpPolicy.forProfile(0, SrtpProfile.AES_CM_128_HMAC_SHA1_80)));

        byte[] response = new MikeyResponder(Reference.PSK, false, cache()).respond(exchange.message())
                .verificationMessage().orElseThrow();

        byte[] authKey = Reference.prf(Reference.PSK, Reference.label("2D22AC75", 0xFF, CSB_ID, RAND), 20);
        byte[] upToMac = concat(hex("01 01 05 00 12345678 01 00 00 00000000 00000000"), hex("09 00"), ntpBytes(), hex("00 01"));
        byte[] expected = concat(upToMac, Reference.hmacSha1(authKey, upToMac, ntpBytes()));
        assertArrayEquals(expected, response);
    }

    @Test
    void gstreamerStyleNullKemacWithCombinedTekAndMkiIsReadAsMasterKeySaltAndMki() throws Exception {
        byte[] masterKey = hex("00112233445566778899aabbccddeeff");
        byte[] masterSalt = hex("0102030405060708090a0b0c0d0e");
        byte[] message = concat(
                hex("01 00 05 00 fd6d77d0 01 00 00 c20f551c 00000000"),
                concat(hex("0a 00"), ntpBytes()),
                hex("01 00 00 0018 000101 010110 020101 030114 070101 080101 0a0101 0b010a"),
                hex("00 00 0027"), hex("00 21 001e"), masterKey, masterSalt, hex("04 0000002f"), hex("00"));

        MikeyResponder.Result result = new MikeyResponder(new byte[0], true, cache()).respond(message);

        assertEquals(1, result.trafficKeys().size());
        var keys = result.trafficKeys().get(0).withProfile(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        assertArrayEquals(masterKey, keys.masterKey());
        assertArrayEquals(masterSalt, keys.masterSalt());
        assertArrayEquals(hex("0000002f"), keys.mki());
        assertEquals(0xC20F551C, result.offer().header().cryptoSessions().get(0).ssrc());
        assertFalse(result.verificationMessage().isPresent());
        assertTrue(result.offer().rand().isEmpty());
    }

    @Test
    void nullKemacOfferWithoutPreSharedKeyCarriesOneCombinedTekPerCryptoSessionInClear() throws Exception {
        byte[] tek1 = new byte[30];
        byte[] tek2 = new byte[30];
        java.util.Arrays.fill(tek1, (byte) 1);
        java.util.Arrays.fill(tek2, (byte) 2);
        MikeyInitiator initiator = new MikeyInitiator(new byte[0], true, new Reference.ScriptedRandom(CSB_ID, RAND, tek1, tek2), cache());

        byte[] message = initiator.start(List.of(new CryptoSession(0, 0, 0), new CryptoSession(0, 0, 0)),
                List.of(SrtpPolicy.forProfile(0, SrtpProfile.AES_CM_128_HMAC_SHA1_80))).message();

        byte[] kemac = concat(hex("00 00 0044"), hex("14 20 001e"), tek1, hex("00 20 001e"), tek2, hex("00"));
        byte[] tail = java.util.Arrays.copyOfRange(message, message.length - kemac.length, message.length);
        assertArrayEquals(kemac, tail);
        assertEquals(0x00, message[3], "no V bit, no verification expected from a NULL-KEMAC peer");
    }
}
