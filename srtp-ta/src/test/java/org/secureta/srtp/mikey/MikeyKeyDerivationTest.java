package org.secureta.srtp.mikey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.secureta.srtp.mikey.Reference.hex;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 3830 4.1 key derivation against the plain second implementation in {@link Reference}. */
class MikeyKeyDerivationTest {

    private static final byte[] RAND = hex("00112233445566778899aabbccddeeff");
    private static final int CSB_ID = 0xCAFEBABE;

    @ParameterizedTest(name = "{0}-byte input key, {1}-byte output")
    @CsvSource({"16,14", "16,16", "20,20", "20,21", "32,40", "33,16", "64,64", "70,30", "1,20"})
    void prfMatchesTheRfcDefinitionForShortAndMultiChunkKeys(int keyLength, int outLength) throws Exception {
        byte[] inkey = new byte[keyLength];
        for (int i = 0; i < keyLength; i++) {
            inkey[i] = (byte) (i * 7 + 3);
        }
        byte[] label = Reference.label("2AD01C64", 1, CSB_ID, RAND);

        assertArrayEquals(Reference.prf(inkey, label, outLength), MikeyPrf.prf(inkey, label, outLength));
    }

    @Test
    void everyChunkOfALongInputKeyContributes() {
        byte[] inkey = new byte[40];
        byte[] changedTail = inkey.clone();
        changedTail[39] = 1;
        byte[] label = Reference.label("2AD01C64", 1, CSB_ID, RAND);

        assertFalse(Arrays.equals(MikeyPrf.prf(inkey, label, 16), MikeyPrf.prf(changedTail, label, 16)));
    }

    @Test
    void tekAndSaltOfEachCryptoSessionComeFromTheTgkWithTheirOwnCsId() throws Exception {
        byte[] tgk = hex("f0e1d2c3b4a5968778695a4b3c2d1e0f");
        for (int csId = 1; csId <= 3; csId++) {
            assertArrayEquals(Reference.prf(tgk, Reference.label("2AD01C64", csId, CSB_ID, RAND), 16),
                    KeyDerivation.tek(tgk, csId, CSB_ID, RAND), "TEK of CS " + csId);
            assertArrayEquals(Reference.prf(tgk, Reference.label("39A2C14B", csId, CSB_ID, RAND), 14),
                    KeyDerivation.tekSalt(tgk, csId, CSB_ID, RAND), "salt of CS " + csId);
        }
        assertFalse(Arrays.equals(KeyDerivation.tek(tgk, 1, CSB_ID, RAND), KeyDerivation.tek(tgk, 2, CSB_ID, RAND)));
    }

    @Test
    void messageKeysComeFromThePreSharedKeyWithCsId0xFFAndTheRfc3830Section414Constants() throws Exception {
        MessageKeys keys = KeyDerivation.messageKeys(Reference.PSK, CSB_ID, RAND);

        assertArrayEquals(Reference.prf(Reference.PSK, Reference.label("150533E1", 0xFF, CSB_ID, RAND), 16), keys.encryptionKey());
        assertArrayEquals(Reference.prf(Reference.PSK, Reference.label("2D22AC75", 0xFF, CSB_ID, RAND), 20), keys.authenticationKey());
        assertArrayEquals(Reference.prf(Reference.PSK, Reference.label("29B88916", 0xFF, CSB_ID, RAND), 14), keys.saltKey());
    }

    @Test
    void theLabelConstantsAreConsecutiveChunksOfE() {
        // e = 2.718281828 459045235 360287471 352662497 757247093 699959574 966967627 ...
        assertEquals(718281828, KeyDerivation.TEK);
        assertEquals(352662497, KeyDerivation.PSK_ENCRYPTION);
        assertEquals(757247093, KeyDerivation.PSK_AUTHENTICATION);
        assertEquals(699959574, KeyDerivation.PSK_SALT);
        assertEquals(966967627, KeyDerivation.TEK_SALT);
    }

    @Test
    void kemacIvIsTheSaltKeyXoredWithCsbIdAndTimestampFollowedByTwoZeroBytes() {
        MessageKeys keys = new MessageKeys(new byte[16], new byte[20], hex("0102030405060708090a0b0c0d0e"));

        byte[] iv = keys.iv(0xA0B0C0D0, 0x1122334455667788L);

        // S XOR (0x0000 || CSB ID || T) || 0x0000
        //   01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e
        // ^ 00 00 a0 b0 c0 d0 11 22 33 44 55 66 77 88
        assertArrayEquals(hex("0102 a3b4c5d6 162a3a4e5e6a7a86 0000"), iv);
    }

    @Test
    void kemacEncryptionIsAesInCounterModeFromThatIv() throws Exception {
        MessageKeys keys = new MessageKeys(hex("2b7e151628aed2a6abf7158809cf4f3c"), new byte[20], hex("f0f1f2f3f4f5f6f7f8f9fafbfcfd"));
        byte[] data = new byte[45];
        Arrays.fill(data, (byte) 0x5A);

        byte[] expected = Reference.aesCounterMode(keys.encryptionKey(), keys.iv(7, 99), data);

        assertArrayEquals(expected, keys.aesCm(data, 7, 99));
        assertArrayEquals(data, keys.aesCm(expected, 7, 99));
    }
}
