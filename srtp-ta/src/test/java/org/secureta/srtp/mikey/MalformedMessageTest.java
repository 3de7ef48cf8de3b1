package org.secureta.srtp.mikey;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.secureta.srtp.mikey.Reference.concat;
import static org.secureta.srtp.mikey.Reference.hex;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.secureta.srtp.keymgmt.SrtpProfile;

/** Bad input is refused with a message that names the payload and its offset; nothing else escapes. */
class MalformedMessageTest {

    static final Pattern NAMES_PAYLOAD_AND_OFFSET = Pattern.compile(
            "^(HDR|T|RAND|SP|KEMAC|V|PKE|DH|SIGN|ID|CERT|CHASH|ERR|Key data|General Extension|type \\d+) payload at offset (\\d+): .+");

    private static ReplayCache cache() {
        return new ReplayCache(Reference.clockAt(Reference.NOW), Duration.ofMinutes(5), 10_000);
    }

    static byte[] pskOffer() throws MikeyException {
        return new MikeyInitiator(Reference.PSK, false, new SecureRandom(), cache()).start(
                List.of(new CryptoSession(0, 0, 0), new CryptoSession(0, 0, 0)),
                List.of(SrtpPolicy.forProfile(0, SrtpProfile.AES_CM_128_HMAC_SHA1_80))).message();
    }

    static byte[] nullOffer() throws MikeyException {
        return new MikeyInitiator(new byte[0], true, new SecureRandom(), cache()).start(
                List.of(new CryptoSession(0, 0, 0)), List.of(SrtpPolicy.forProfile(0, SrtpProfile.AES_CM_128_HMAC_SHA1_80))).message();
    }

    static byte[] verificationMessage() throws MikeyException {
        return new MikeyResponder(Reference.PSK, false, cache()).respond(pskOffer()).verificationMessage().orElseThrow();
    }

    private static void assertNamesPayloadAndOffset(MikeyException e, int limit) {
        Matcher m = NAMES_PAYLOAD_AND_OFFSET.matcher(e.getMessage());
        assertTrue(m.matches(), "no payload and offset in: " + e.getMessage());
        assertTrue(Integer.parseInt(m.group(2)) <= limit, "offset beyond the data in: " + e.getMessage());
    }

    private static MikeyException decodeFails(byte[] message) {
        return assertThrows(MikeyException.class, () -> MessageDecoder.decode(message));
    }

    @Test
    void everyTruncationOfEveryKindOfMessageIsRefusedNamingPayloadAndOffset() throws Exception {
        for (byte[] message : List.of(pskOffer(), nullOffer(), verificationMessage())) {
            assertDoesNotThrow(() -> MessageDecoder.decode(message));
            for (int length = 0; length < message.length; length++) {
                byte[] prefix = Arrays.copyOf(message, length);
                MikeyException e = decodeFails(prefix);
                assertNamesPayloadAndOffset(e, length);
                MikeyException viaResponder = assertThrows(MikeyException.class,
                        () -> new MikeyResponder(Reference.PSK, true, cache()).respond(prefix));
                assertNamesPayloadAndOffset(viaResponder, length);
            }
        }
    }

    @Test
    void aTruncatedFieldSaysWhatWasMissing() throws Exception {
        MikeyException e = decodeFails(Arrays.copyOf(pskOffer(), 33));

        // HDR with 2 CS is 28 bytes: the T payload starts at 28 and its 8-byte value is cut after 3.
        assertTrue(e.getMessage().equals("T payload at offset 28: truncated in TS value at offset 30: needs 8 bytes, 3 remain"),
                e.getMessage());
    }

    @Test
    void keyDataLongerThanTheKemacDataIsRefusedAtTheKeyDataOffset() throws Exception {
        byte[] inner = concat(hex("00 20 0028"), new byte[12]);
        MikeyMessage message = new MikeyMessage(new CommonHeader(DataType.PSK_INIT, false, 1, List.of(new CryptoSession(0, 0, 0))),
                List.of(Timestamp.ntpUtc(Reference.NOW), new Kemac(EncryptionAlgorithm.NULL, inner, MacAlgorithm.NULL, new byte[0])));
        byte[] bytes = MessageEncoder.encode(message);

        MikeyException e = assertThrows(MikeyException.class, () -> new MikeyResponder(new byte[0], true, cache()).respond(bytes));

        // HDR 19 bytes, T 10 bytes: KEMAC at 29, its data at 33.
        assertTrue(e.getMessage().equals("Key data payload at offset 33: key data length 40 exceeds remaining 12 bytes"), e.getMessage());
    }

    @Test
    void anOversizedMessageIsRefusedBeforeParsingAndAnOversizedAttributeBeforeBase64Decoding() {
        MikeyException message = decodeFails(new byte[MessageDecoder.MAX_MESSAGE_LENGTH + 1]);
        String hugeAttribute = "key-mgmt:mikey " + "A".repeat(KeyMgmtAttribute.MAX_BASE64_LENGTH + 4);
        MikeyException attribute = assertThrows(MikeyException.class, () -> KeyMgmtAttribute.decode(hugeAttribute));

        assertTrue(message.getMessage().equals("HDR payload at offset 0: message of 4097 bytes exceeds the maximum of 4096 bytes"),
                message.getMessage());
        assertTrue(attribute.getMessage().startsWith("key-mgmt attribute: 5468 characters of base64 exceed the maximum of 5464"),
                attribute.getMessage());
    }

    @Test
    void invalidBase64IsRefusedWithTheAttributeNamed() {
        MikeyException e = assertThrows(MikeyException.class, () -> KeyMgmtAttribute.decode("key-mgmt:mikey AQ*F"));

        assertTrue(e.getMessage().startsWith("key-mgmt attribute: invalid base64"), e.getMessage());
    }

    @Test
    void anUnknownPayloadTypeIsRefusedWithItsNumberAndOffset() throws Exception {
        byte[] message = nullOffer();
        message[2] = 99; // HDR's next payload

        MikeyException e = decodeFails(message);

        assertTrue(e.getMessage().equals("type 99 payload at offset 19: unknown payload type 99 (RFC 3830 6.1)"), e.getMessage());
    }

    @ParameterizedTest(name = "payload type {0}")
    @CsvSource({"2,PKE", "3,DH", "4,SIGN", "6,ID", "7,CERT", "8,CHASH", "12,ERR"})
    void payloadsOfOtherMikeyModesAreRefused(int type, String name) throws Exception {
        byte[] message = nullOffer();
        message[2] = (byte) type;

        MikeyException e = decodeFails(message);

        assertTrue(e.getMessage().startsWith(name + " payload at offset 19: payload type " + type + " is not supported"), e.getMessage());
    }

    @Test
    void bytesAfterTheLastPayloadAreRefused() throws Exception {
        byte[] message = concat(nullOffer(), hex("00"));

        assertNamesPayloadAndOffset(decodeFails(message), message.length);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "version 2                 | 0 | 02 | HDR payload at offset 0: version 2 not supported, only 1",
        "Error message             | 1 | 06 | HDR payload at offset 0: data type 6 (Error) not supported",
        "DH init                   | 1 | 04 | HDR payload at offset 0: data type 4 (D-H init) not supported",
        "PRF 1                     | 3 | 01 | HDR payload at offset 0: PRF func 1 not supported, only 0 (MIKEY-1)",
        "IPsec map type            | 9 | 01 | HDR payload at offset 0: CS ID map type 1 not supported, only 0 (SRTP-ID)",
        "COUNTER timestamp         | 20 | 02 | T payload at offset 19: TS type 2 (COUNTER) not supported",
        "unknown timestamp type    | 20 | 07 | T payload at offset 19: unknown TS type 7",
        "short RAND                | 30 | 08 | RAND payload at offset 29: RAND length 8 is below the 16 bytes required",
    })
    void headerAndPayloadFieldsOutsideTheSupportedSubsetAreRefused(String what, int index, String value, String expected)
            throws Exception {
        byte[] message = nullOffer();
        message[index] = hex(value)[0];

        MikeyException e = decodeFails(message);

        assertTrue(e.getMessage().startsWith(expected), what + ": " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown parameter type  | 0d0101 | unknown SRTP policy parameter type 13",
        "AES-F8                  | 000102 | encryption algorithm parameter at offset 52: 2 (AES-F8) is not supported",
        "NULL authentication     | 020100 | authentication algorithm parameter at offset 52: 0 (allowed 1 (HMAC-SHA-1)",
        "tag length 8            | 0b0108 | authentication tag length parameter at offset 52: 8 bytes (allowed 10, 4)",
        "SRTP authentication off | 0a0100 | SRTP authentication parameter at offset 52: 0 (allowed 1 (on)",
        "key derivation rate     | 060101 | key derivation rate parameter at offset 52: a non-zero rate is not supported",
        "two-byte flag           | 07020001 | SRTP encryption parameter at offset 52: length 2 (allowed length 1)",
        "256-bit key             | 010120 | session encryption key length 32 not supported with AES-CM (allowed 16)",
    })
    void unsupportedSrtpPolicyParametersAreRefusedWithTheirOffsetAndAllowedValues(String what, String param, String expected)
            throws Exception {
        // HDR (19) + T (10) + RAND (18): the SP payload starts at 47, its parameters at 52.
        byte[] message = new MikeyInitiator(new byte[0], true, new SecureRandom(), cache()).start(
                List.of(new CryptoSession(0, 0, 0)), List.of()).message();
        byte[] head = Arrays.copyOf(message, 47);
        head[29] = 10; // RAND's next payload: SP
        byte[] body = hex(param);
        byte[] sp = concat(hex("01 00 00"), new byte[] {0, (byte) body.length}, body);
        byte[] bytes = concat(head, sp, Arrays.copyOfRange(message, 47, message.length));

        MikeyException e = decodeFails(bytes);

        assertTrue(e.getMessage().startsWith("SP payload at offset 47: "), what + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
    }

    @Test
    void aKemacFollowedByAnotherPayloadIsRefusedBecauseThatPayloadWouldBeUnauthenticated() throws Exception {
        byte[] message = nullOffer();
        int kemacOffset = MessageDecoder.decode(message).offsetOf(PayloadType.KEMAC);
        message[kemacOffset] = 5;

        MikeyException e = decodeFails(message);

        assertTrue(e.getMessage().equals("KEMAC payload at offset " + kemacOffset
                + ": KEMAC must be the last payload, but next payload is 5"), e.getMessage());
    }

    @Test
    void unknownKemacAlgorithmsAreRefused() throws Exception {
        byte[] message = nullOffer();
        int kemacOffset = MessageDecoder.decode(message).offsetOf(PayloadType.KEMAC);
        byte[] keyWrap = message.clone();
        keyWrap[kemacOffset + 1] = 2;
        byte[] unknownMac = message.clone();
        unknownMac[message.length - 1] = 9;

        assertTrue(decodeFails(keyWrap).getMessage().contains("encryption algorithm 2 (AES-KW-128) not supported"));
        assertTrue(decodeFails(unknownMac).getMessage().contains("unknown MAC alg 9"));
    }

    @Test
    void aMessageMissingItsKemacOrTimestampIsRefused() throws Exception {
        CommonHeader header = new CommonHeader(DataType.PSK_INIT, false, 1, List.of(new CryptoSession(0, 0, 0)));
        byte[] noKemac = MessageEncoder.encode(new MikeyMessage(header, List.of(Timestamp.ntpUtc(Reference.NOW))));
        byte[] noTimestamp = MessageEncoder.encode(new MikeyMessage(header,
                List.of(new Kemac(EncryptionAlgorithm.NULL, new byte[0], MacAlgorithm.NULL, new byte[0]))));

        assertTrue(decodeFails(noKemac).getMessage().equals("HDR payload at offset 0: Pre-shared key init message without a KEMAC payload"));
        assertTrue(decodeFails(noTimestamp).getMessage().equals("HDR payload at offset 0: Pre-shared key init message without a T payload"));
    }

    @Test
    void nothingButMikeyExceptionLeavesTheParserForAnyTwoByteMutationOfAValidMessage() throws Exception {
        byte[] message = nullOffer();
        for (int index = 0; index < message.length; index++) {
            for (int value : new int[] {0x00, 0x01, 0x7F, 0x80, 0xFF}) {
                byte[] mutated = message.clone();
                mutated[index] = (byte) value;
                try {
                    new MikeyResponder(Reference.PSK, true, cache()).respond(mutated);
                } catch (MikeyException expected) {
                    assertNamesPayloadAndOffset(expected, Integer.MAX_VALUE);
                } catch (RuntimeException e) {
                    fail("byte " + index + " set to " + value + " raised " + e, e);
                }
            }
        }
    }
}
