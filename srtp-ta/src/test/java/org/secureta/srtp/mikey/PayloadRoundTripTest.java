package org.secureta.srtp.mikey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.secureta.srtp.mikey.Reference.hex;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secureta.srtp.keymgmt.SrtpProfile;

/** Every payload written and read back gives the same value and the same bytes. */
class PayloadRoundTripTest {

    private static final CommonHeader INIT = new CommonHeader(DataType.PSK_INIT, true, 0xFFFFFFFE, List.of(
            new CryptoSession(0, 0, 0), new CryptoSession(7, 0x89ABCDEF, 0xFFFFFFFF), new CryptoSession(255, 1, 2)));
    private static final Timestamp T = Timestamp.ntpUtc(Reference.NOW);
    private static final Kemac NULL_KEMAC = new Kemac(EncryptionAlgorithm.NULL,
            KeyDataCodec.encode(List.of(new KeyData(KeyData.KeyType.TEK, new byte[30], new byte[0], new KeyValidity.None()))),
            MacAlgorithm.NULL, new byte[0]);

    private static MikeyMessage roundTrip(MikeyMessage message) throws MikeyException {
        byte[] encoded = MessageEncoder.encode(message);
        DecodedMessage decoded = MessageDecoder.decode(encoded);
        assertArrayEquals(encoded, MessageEncoder.encode(decoded.message()), "re-encoding gives the same bytes");
        return decoded.message();
    }

    @Test
    void commonHeaderKeepsDataTypeVBitCsbIdAndTheWholeSrtpIdMap() throws MikeyException {
        MikeyMessage back = roundTrip(new MikeyMessage(INIT, List.of(T, NULL_KEMAC)));

        assertEquals(INIT, back.header());
        assertEquals("0xFFFFFFFE", back.header().csbIdHex());
    }

    @Test
    void verificationHeaderWithoutVBitRoundTrips() throws MikeyException {
        CommonHeader header = new CommonHeader(DataType.PSK_VERIFICATION, false, 42, List.of(new CryptoSession(0, 0, 0)));
        Verification v = new Verification(MacAlgorithm.HMAC_SHA_1_160, hex("00112233445566778899aabbccddeeff01234567"));

        MikeyMessage back = roundTrip(new MikeyMessage(header, List.of(T, v)));

        assertEquals(header, back.header());
        assertEquals(v, back.verification().orElseThrow());
    }

    @Test
    void timestampKeepsNtpValueAndConvertsBackToTheSameInstant() throws MikeyException {
        Timestamp ntp = new Timestamp(Timestamp.NTP, T.ntpValue());

        assertEquals(T, roundTrip(new MikeyMessage(INIT, List.of(T, NULL_KEMAC))).timestamp().orElseThrow());
        assertEquals(ntp, roundTrip(new MikeyMessage(INIT, List.of(ntp, NULL_KEMAC))).timestamp().orElseThrow());
        assertEquals(Reference.NOW, T.instant());
    }

    @Test
    void timestampsAfterTheNtpEraRolloverIn2036StillConvert() {
        Instant after = Instant.parse("2040-01-01T00:00:00Z");

        assertEquals(after, Timestamp.ntpUtc(after).instant());
    }

    @Test
    void randRoundTrips() throws MikeyException {
        Rand rand = new Rand(hex("000102030405060708090a0b0c0d0e0f1011"));

        assertEquals(rand, roundTrip(new MikeyMessage(INIT, List.of(T, rand, NULL_KEMAC))).rand().orElseThrow());
    }

    @Test
    void securityPoliciesOfEveryProfileRoundTrip() throws MikeyException {
        List<SrtpPolicy> policies = List.of(
                SrtpPolicy.forProfile(0, SrtpProfile.AES_CM_128_HMAC_SHA1_80),
                SrtpPolicy.forProfile(7, SrtpProfile.AES_CM_128_HMAC_SHA1_32),
                SrtpPolicy.forProfile(8, SrtpProfile.NULL_HMAC_SHA1_80),
                SrtpPolicy.forProfile(255, SrtpProfile.NULL_HMAC_SHA1_32),
                new SrtpPolicy(9, true, false, false, 10));
        List<Payload> payloads = new java.util.ArrayList<>(List.of(T));
        payloads.addAll(policies);
        payloads.add(NULL_KEMAC);

        MikeyMessage back = roundTrip(new MikeyMessage(INIT, payloads));

        assertEquals(policies, back.policies());
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32, back.policyOf(new CryptoSession(7, 0, 0)).profile());
        assertEquals(SrtpProfile.NULL_HMAC_SHA1_80, back.policyOf(new CryptoSession(9, 0, 0)).profile());
    }

    @Test
    void aCryptoSessionWithoutSpPayloadGetsTheRfcDefaultPolicy() throws MikeyException {
        MikeyMessage back = roundTrip(new MikeyMessage(INIT, List.of(T, NULL_KEMAC)));

        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80, back.policyOf(new CryptoSession(3, 0, 0)).profile());
    }

    @Test
    void kemacWithEitherAlgorithmPairRoundTrips() throws MikeyException {
        Kemac protectedKemac = new Kemac(EncryptionAlgorithm.AES_CM_128, hex("0102030405"), MacAlgorithm.HMAC_SHA_1_160,
                hex("ffeeddccbbaa99887766554433221100ffeeddcc"));

        assertEquals(protectedKemac, roundTrip(new MikeyMessage(INIT, List.of(T, protectedKemac))).kemac().orElseThrow());
        assertEquals(NULL_KEMAC, roundTrip(new MikeyMessage(INIT, List.of(T, NULL_KEMAC))).kemac().orElseThrow());
    }

    @Test
    void generalExtensionIsKept() throws MikeyException {
        GeneralExtension extension = new GeneralExtension(1, hex("cafe"));

        MikeyMessage back = roundTrip(new MikeyMessage(INIT, List.of(T, extension, NULL_KEMAC)));

        assertEquals(extension, back.payloads().get(1));
    }

    @Test
    void keyDataOfEveryTypeAndValidityRoundTrips() throws MikeyException {
        List<KeyData> keys = List.of(
                new KeyData(KeyData.KeyType.TGK, hex("00112233445566778899aabbccddeeff"), new byte[0], new KeyValidity.None()),
                new KeyData(KeyData.KeyType.TGK_SALT, new byte[16], new byte[14], new KeyValidity.Spi(hex("01020304"))),
                new KeyData(KeyData.KeyType.TEK, new byte[30], new byte[0], new KeyValidity.Interval(hex("00"), hex("ffffffffffff"))),
                new KeyData(KeyData.KeyType.TEK_SALT, new byte[16], new byte[14], new KeyValidity.None()));

        byte[] encoded = KeyDataCodec.encode(keys);

        assertEquals(keys, KeyDataCodec.decode(encoded, 0));
    }

    @Test
    void secretsNeverAppearInToString() {
        KeyData key = new KeyData(KeyData.KeyType.TEK, hex("4142434445464748494a4b4c4d4e4f50"), new byte[0], new KeyValidity.None());

        assertFalse(key.toString().contains("4142"), key.toString());
        assertFalse(NULL_KEMAC.toString().contains("00000000"), NULL_KEMAC.toString());
        assertFalse(KeyDerivation.messageKeys(Reference.PSK, 1, new byte[16]).toString().matches(".*[0-9a-f]{8}.*"));
    }
}
