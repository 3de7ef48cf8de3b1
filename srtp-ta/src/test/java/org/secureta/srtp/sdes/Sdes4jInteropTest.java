package org.secureta.srtp.sdes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.secureta.srtp.RtpEncryption;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.SdpKeying;

import ch.imvs.sdes4j.srtp.SrtpCryptoAttribute;
import ch.imvs.sdes4j.srtp.SrtpCryptoSuite;
import ch.imvs.sdes4j.srtp.SrtpKeyParam;

/**
 * Interop with sdes4j 1.1.5, the SDES parser of libjitsi: what we write it reads to the same
 * keys, what it writes we read; and what it lets through that we refuse.
 */
class Sdes4jInteropTest {

    private final KeyingParameters tls = new KeyingParameters(1, RtpEncryption.AesCm128, true, new byte[0]);

    @Test
    void sdes4jReadsOurOfferToTheSameTagsSuitesAndKeys() throws Exception {
        SdpKeying offer = new SdesKeyManagement().newSession(tls).offer();
        for (String line : offer.mediaAttributes().get(0)) {
            org.secureta.srtp.sdes.SrtpCryptoAttribute ours = (org.secureta.srtp.sdes.SrtpCryptoAttribute) CryptoAttribute.parse(line);
            SrtpCryptoAttribute theirs = SrtpCryptoAttribute.create(line.substring("crypto:".length()));
            assertEquals(ours.tag(), theirs.getTag());
            assertEquals(ours.suite().name(), theirs.getCryptoSuite().encode());
            assertArrayEquals(ours.keys().get(0).keySalt(), theirs.getKeyParams()[0].getKey());
        }
    }

    @Test
    void weAnswerAnOfferSdes4jWroteAndItReadsOurAnswer() throws Exception {
        byte[] keySalt = new byte[30];
        new java.security.SecureRandom().nextBytes(keySalt);
        SrtpCryptoAttribute libjitsiOffer = new SrtpCryptoAttribute(1, new SrtpCryptoSuite(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80),
                new SrtpKeyParam[] {new SrtpKeyParam(SrtpKeyParam.KEYMETHOD_INLINE, keySalt, 0, 0, 0)}, null);
        SdesKeyingSession bob = (SdesKeyingSession) new SdesKeyManagement().newSession(tls);
        SdpKeying answer = bob.answer(new SdpKeying(List.of(), List.of(List.of("crypto:" + libjitsiOffer.encode()))));

        assertArrayEquals(java.util.Arrays.copyOf(keySalt, 16), bob.receiveKeys(0).masterKey());
        SrtpCryptoAttribute read = SrtpCryptoAttribute.create(answer.mediaAttributes().get(0).get(0).substring("crypto:".length()));
        assertEquals(1, read.getTag());
        assertArrayEquals(bob.sendKeys(0).masterKey(), java.util.Arrays.copyOf(read.getKeyParams()[0].getKey(), 16));
    }

    /** The laxness the interop notes list: sdes4j accepts these, the unit refuses them. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"20-byte key", "28-byte key", "31-byte key", "trailing semicolon"})
    void attributesSdes4jAcceptsButTheUnitRefuses(String defect) {
        String key = switch (defect) {
            case "20-byte key" -> Base64.getEncoder().encodeToString(new byte[20]);
            case "28-byte key" -> Base64.getEncoder().encodeToString(new byte[28]);
            case "31-byte key" -> Base64.getEncoder().encodeToString(new byte[31]);
            default -> CryptoAttributeParserTest.RFC_KEY_1 + ";";
        };
        String value = "1 AES_CM_128_HMAC_SHA1_80 inline:" + key;
        assertDoesNotThrow(() -> SrtpCryptoAttribute.create(value));
        assertThrows(CryptoAttributeException.class, () -> CryptoAttribute.parse("crypto:" + value));
    }
}
