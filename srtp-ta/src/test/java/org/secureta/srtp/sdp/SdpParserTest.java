package org.secureta.srtp.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SdpParserTest {

    static final String KEY = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

    /** An SDES offer as the unit sends it (the guide's section 2.7: crypto at media level, RTP/SAVP). */
    static final String SDES_OFFER = String.join("\r\n",
            "v=0",
            "o=- 1234 1 IN IP4 192.168.120.30",
            "s=-",
            "c=IN IP4 192.168.120.30",
            "t=0 0",
            "m=audio 5004 RTP/SAVP 0 8 101",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=sendrecv",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY,
            "") ;

    /** A MIKEY offer: key-mgmt at session level (RFC 4567), a T.38 stream and a rejected video stream. */
    static final String MIKEY_OFFER = String.join("\r\n",
            "v=0",
            "o=alice 2890844526 2890842807 IN IP6 2001:db8::1",
            "s=Secure call",
            "i=A call with fax",
            "c=IN IP6 2001:db8::1",
            "b=AS:128",
            "t=0 0",
            "a=key-mgmt:mikey AQAFgM0XflABAAAAAAAAAAAAAAYAyO",
            "a=sendonly",
            "m=audio 49170 RTP/SAVP 0",
            "i=voice",
            "c=IN IP6 2001:db8::2",
            "b=AS:64",
            "a=ptime:20",
            "m=image 49172/2 udptl t38",
            "a=T38FaxVersion:0",
            "a=T38MaxBitRate:14400",
            "a=T38FaxRateManagement:transferredTCF",
            "a=T38FaxUdpEC:t38UDPRedundancy",
            "m=video 0 RTP/AVP 31",
            "");

    static SdpParseException rejected(String body) {
        return assertThrows(SdpParseException.class, () -> SessionDescription.parse(body));
    }

    /** The SDES offer with one line replaced (1-based). */
    static String withLine(int line, String replacement) {
        List<String> lines = new java.util.ArrayList<>(List.of(SDES_OFFER.split("\r\n")));
        lines.set(line - 1, replacement);
        return String.join("\r\n", lines) + "\r\n";
    }

    @Nested
    class ReadingABody {

        @Test
        void readsEveryFieldOfTheUnitsSdesOffer() throws Exception {
            SessionDescription sdp = SessionDescription.parse(SDES_OFFER);
            assertEquals(new Origin("-", 1234, 1, "IN", "IP4", "192.168.120.30"), sdp.origin());
            assertEquals("-", sdp.sessionName());
            assertEquals(Optional.of(Connection.of("192.168.120.30")), sdp.connection());
            assertEquals(List.of(Timing.PERMANENT), sdp.timings());
            MediaDescription audio = sdp.media().get(0);
            assertEquals("audio", audio.media());
            assertEquals(5004, audio.port());
            assertEquals("RTP/SAVP", audio.protocol());
            assertEquals(List.of(0, 8, 101), audio.payloadTypes());
            assertEquals(List.of(RtpMap.of(0, "PCMU", 8000), RtpMap.of(8, "PCMA", 8000), RtpMap.of(101, "telephone-event", 8000)), audio.codecs());
            assertEquals(Optional.of(Direction.SENDRECV), audio.direction());
            assertEquals("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY, audio.attribute("crypto").orElseThrow().value().orElseThrow());
            assertTrue(sdp.isSecure());
        }

        @Test
        void readsSessionLevelKeyingT38AndPortCounts() throws Exception {
            SessionDescription sdp = SessionDescription.parse(MIKEY_OFFER);
            assertEquals("IP6", sdp.origin().addressType());
            assertEquals(Optional.of("A call with fax"), sdp.information());
            assertEquals(List.of(new Bandwidth("AS", 128)), sdp.bandwidths());
            assertEquals("key-mgmt", sdp.attributes().get(0).name());
            assertEquals(Direction.SENDONLY, sdp.direction(0), "the session-level direction applies to the stream");
            MediaDescription audio = sdp.media().get(0);
            assertEquals(Optional.of(Connection.of("2001:db8::2")), audio.connection());
            assertEquals(List.of(RtpMap.of(0, "PCMU", 8000)), audio.codecs(), "static payload type without rtpmap");
            MediaDescription fax = sdp.media().get(1);
            assertTrue(fax.isT38());
            assertEquals(OptionalInt.of(2), fax.portCount());
            assertEquals(4, fax.attributes().size());
            assertTrue(sdp.media().get(2).isRejected());
        }

        @Test
        void acceptsLineFeedEndingsAndAMissingFinalEnding() throws Exception {
            SessionDescription crlf = SessionDescription.parse(SDES_OFFER);
            assertEquals(crlf, SessionDescription.parse(SDES_OFFER.replace("\r\n", "\n")));
            assertEquals(crlf, SessionDescription.parse(SDES_OFFER.substring(0, SDES_OFFER.length() - 2)));
        }

        @Test
        void readsUtf8Bytes() throws Exception {
            String body = SDES_OFFER.replace("s=-", "s=Caf\u00e9 \u263A");
            assertEquals("Caf\u00e9 \u263A", SessionDescription.parse(body.getBytes(StandardCharsets.UTF_8)).sessionName());
        }
    }

    @Nested
    class RoundTrip {

        @ParameterizedTest
        @ValueSource(strings = {"sdes", "mikey"})
        void wellFormedBodiesAreWrittenBackByteForByte(String which) throws Exception {
            String body = which.equals("sdes") ? SDES_OFFER : MIKEY_OFFER;
            assertEquals(body, SessionDescription.parse(body).write());
        }

        @Test
        void lineFeedBodiesAreWrittenWithCrlf() throws Exception {
            assertEquals(SDES_OFFER, SessionDescription.parse(SDES_OFFER.replace("\r\n", "\n")).write());
        }

        @Test
        void writtenBodiesParseToAnEqualValue() throws Exception {
            SessionDescription built = AudioOffer.from(Origin.of("unit", 7, 3, "10.0.0.1"), "10.0.0.1", 40000).secure(true).build();
            assertEquals(built, SessionDescription.parse(built.write()));
            assertEquals(built, SessionDescription.parse(built.writeUtf8()));
        }
    }

    @Nested
    class Errors {

        private void assertError(String body, int line, String field) {
            SdpParseException e = rejected(body);
            assertEquals(line, e.line(), e.getMessage());
            assertEquals(field, e.field(), e.getMessage());
            assertTrue(e.getMessage().startsWith(line == 0 ? "SDP body, " : "SDP line " + line + ", "), e.getMessage());
        }

        @Test
        void onlyVersionZero() {
            assertError(withLine(1, "v=1"), 1, "v=");
        }

        @Test
        void theBodyStartsWithTheVersion() {
            assertError(SDES_OFFER.substring(SDES_OFFER.indexOf("o=")), 1, "o=");
        }

        @ParameterizedTest
        @ValueSource(strings = {"o=- 1234 1 IN IP4", "o=- 1234 1 IN IP4 192.168.120.30 extra", "o=-  1234 1 IN IP4 192.168.120.30",
                "o=- 1234 1 IN IP4 192.168.120.30 "})
        void theOriginHasSixFieldsSeparatedBySingleSpaces(String origin) {
            assertError(withLine(2, origin), 2, "o=");
        }

        @Test
        void originFieldsAreNamed() {
            assertError(withLine(2, "o=- x 1 IN IP4 192.168.120.30"), 2, "o= sess-id");
            assertError(withLine(2, "o=- 1 9223372036854775808 IN IP4 192.168.120.30"), 2, "o= sess-version");
            assertError(withLine(2, "o=- 1 1 ATM IP4 192.168.120.30"), 2, "o= nettype");
            assertError(withLine(2, "o=- 1 1 IN IP5 192.168.120.30"), 2, "o= addrtype");
            assertError(withLine(2, "o=- 1 1 IN IP4 192.168.120.300"), 2, "o= unicast-address");
            assertError(withLine(2, "o=- 1 1 IN IP4 2001:db8::1"), 2, "o= unicast-address");
        }

        @Test
        void connectionFieldsAreNamed() {
            assertError(withLine(4, "c=IN IP4"), 4, "c=");
            assertError(withLine(4, "c=IN IP4 bad_host!"), 4, "c= connection-address");
            assertError(withLine(4, "c=IN IP4 224.2.1.1/127/3/4"), 4, "c= connection-address");
        }

        @Test
        void aConnectionIsNeededForEveryStream() {
            String body = SDES_OFFER.replace("c=IN IP4 192.168.120.30\r\n", "");
            assertError(body, 0, "c=");
        }

        @Test
        void mediaLineFieldsAreNamedOnTheirLine() {
            assertError(withLine(6, "m=audio 70000 RTP/SAVP 0 8 101"), 6, "m= port");
            assertError(withLine(6, "m=audio 5004 RTP/SAVP 0 8 128"), 6, "m= fmt");
            assertError(withLine(6, "m=audio 5004 RTP/SAVP 0 8 pcmu"), 6, "m= fmt");
            assertError(withLine(6, "m=audio 5004 RTP/SAVP"), 6, "m=");
            assertError(withLine(6, "m=audio 5004 RTP//SAVP 0"), 6, "m= proto");
            assertError(withLine(6, "m=audio 5004/0 RTP/SAVP 0"), 6, "m= number of ports");
        }

        @Test
        void attributesAreCheckedOnTheirLine() {
            assertError(withLine(11, "a=sendrecv:yes"), 11, "a=sendrecv");
            assertError(withLine(12, "a=inactive"), 12, "a=inactive");
            assertError(withLine(7, "a=rtpmap:0 PCMU"), 7, "a=rtpmap");
            assertError(withLine(7, "a=rtpmap:8 PCMU/8000"), 8, "a=rtpmap");
            assertError(withLine(7, "a=rtpmap:0 PCMU/0"), 7, "a=rtpmap clock rate");
            assertError(withLine(7, "a="), 7, "a= att-field");
            assertError(withLine(7, "a=foo:"), 7, "a=foo att-value");
            assertError(withLine(7, "a=bad name"), 7, "a= att-field");
        }

        @Test
        void linesFollowTheOrderOfRfc4566() {
            assertError(SDES_OFFER.replace("c=IN IP4 192.168.120.30\r\nt=0 0", "t=0 0\r\nc=IN IP4 192.168.120.30"), 5, "c=");
            assertError(SDES_OFFER.replace("a=sendrecv\r\n", "").replace("a=fmtp:101 0-15", "a=fmtp:101 0-15\r\nc=IN IP4 10.0.0.1"), 11, "c=");
            assertError(SDES_OFFER.replace("s=-", "s=-\r\ns=again"), 4, "s=");
            assertError(SDES_OFFER.replace("t=0 0", "a=sendrecv\r\nt=0 0"), 6, "t=");
            assertError(SDES_OFFER.replace("t=0 0\r\n", ""), 5, "m=");
            assertError(SDES_OFFER.replace("a=sendrecv", "o=- 1 1 IN IP4 10.0.0.1"), 11, "o=");
        }

        @ParameterizedTest
        @ValueSource(strings = {"k=clear:secret", "u=http://example.com", "e=a@example.com", "p=+1 555", "r=7d 1h 0 25h", "z=0 -1h"})
        void lineTypesTheUnitDoesNotUseAreRefused(String line) {
            String body = SDES_OFFER.replace("t=0 0\r\n", "t=0 0\r\n" + line + "\r\n");
            SdpParseException e = rejected(body);
            assertEquals(6, e.line());
            assertEquals(line.substring(0, 2), e.field());
        }

        @Test
        void unknownAndMalformedLinesAreRefused() {
            assertError(withLine(5, "x=1"), 5, "x=");
            assertError(withLine(1, "V=0"), 1, "line");
            assertError(withLine(5, "t 0 0"), 5, "line");
            assertError(SDES_OFFER.replace("t=0 0\r\n", "t=0 0\r\n\r\n"), 6, "line");
            assertError(SDES_OFFER.replace("s=-", "s=-\rx"), 3, "line");
            assertError(SDES_OFFER.replace("s=-", "s=\u0000"), 3, "s=");
            assertError(SDES_OFFER.replace("s=-", "s="), 3, "s=");
            assertError(SDES_OFFER + "v=0\r", 13, "line");
        }

        @Test
        void anEmptyBodyOrOneWithoutTimingIsRefused() {
            assertError("", 0, "body");
            assertError("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\n", 0, "t=");
        }
    }

    @Nested
    class Limits {

        @Test
        void aLineLongerThanFourKibIsRefused() {
            String longLine = "a=x:" + "y".repeat(4093);
            assertEquals(4097, longLine.length());
            SdpParseException e = rejected(SDES_OFFER + longLine + "\r\n");
            assertEquals(13, e.line());
            assertTrue(e.getMessage().contains("4096"), e.getMessage());
            String longest = "a=x:" + "y".repeat(4092);
            assertEquals(4096, longest.length());
            assertEquals(4092, assertDoesNotThrowParse(SDES_OFFER + longest + "\r\n").media().get(0).attributes().get(6).value().get().length());
        }

        private SessionDescription assertDoesNotThrowParse(String body) {
            return org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> SessionDescription.parse(body));
        }

        @Test
        void aBodyLargerThanSixtyFourKibIsRefusedBeforeParsing() {
            String padding = ("a=x:" + "y".repeat(1000) + "\r\n").repeat(66);
            SdpParseException e = rejected(SDES_OFFER + padding);
            assertEquals(0, e.line());
            assertTrue(e.getMessage().contains("65536"), e.getMessage());
            SdpParseException bytes = assertThrows(SdpParseException.class,
                    () -> SessionDescription.parse((SDES_OFFER + padding).getBytes(StandardCharsets.UTF_8)));
            assertEquals("body", bytes.field());
        }

        @Test
        void multiByteCharactersCountAsTheirUtf8Bytes() {
            // 30 000 three-byte characters: under 64 Ki characters, over 64 KiB.
            String body = SDES_OFFER.replace("s=-", "s=" + "\u20ac".repeat(2000) + "\r\ni=" + "\u20ac".repeat(1000))
                    + ("a=x:" + "\u20ac".repeat(1300) + "\r\n").repeat(16);
            assertTrue(body.length() < 65536);
            assertEquals("body", rejected(body).field());
        }

        @Test
        void atMostSixtyFourMediaDescriptions() throws Exception {
            String head = SDES_OFFER.substring(0, SDES_OFFER.indexOf("m="));
            String sixtyFour = head + "m=audio 0 RTP/AVP 0\r\n".repeat(64);
            assertEquals(64, SessionDescription.parse(sixtyFour).media().size());
            SdpParseException e = rejected(sixtyFour + "m=audio 0 RTP/AVP 0\r\n");
            assertEquals(70, e.line());
            assertEquals("m=", e.field());
        }

        @Test
        void unpairedSurrogatesAreRefusedAsTheyCannotBeWrittenAsUtf8() throws Exception {
            assertEquals("body", rejected(SDES_OFFER.replace("s=-", "s=\ud800x")).field());
            assertEquals("\ud83d\ude00", SessionDescription.parse(SDES_OFFER.replace("s=-", "s=\ud83d\ude00")).sessionName());
        }

        @Test
        void invalidUtf8IsRefusedWithItsOffset() {
            byte[] body = SDES_OFFER.getBytes(StandardCharsets.US_ASCII);
            body[20] = (byte) 0xC3;
            SdpParseException e = assertThrows(SdpParseException.class, () -> SessionDescription.parse(body));
            assertTrue(e.getMessage().contains("byte offset 20"), e.getMessage());
        }
    }

    @Nested
    class Secrets {

        @Test
        void toStringHidesInlineKeysAndMikeyMessages() throws Exception {
            assertFalse(SessionDescription.parse(SDES_OFFER).toString().contains(KEY));
            assertFalse(SessionDescription.parse(MIKEY_OFFER).toString().contains("AQAFgM0XflABAAAAAAAAAAAAAAYAyO"));
        }

        @Test
        void aMangledLineIsNotEchoed() {
            SdpParseException e = rejected(withLine(12, "A=crypto:1 X inline:" + KEY));
            assertFalse(e.getMessage().contains(KEY.substring(0, 8)), e.getMessage());
        }

        @Test
        void errorMessagesDoNotEchoLongValues() {
            SdpParseException e = rejected(withLine(5, "t=" + "9".repeat(100) + " 0"));
            assertFalse(e.getMessage().contains("9".repeat(50)), e.getMessage());
        }
    }
}
