package org.secureta.srtp.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.secureta.srtp.RtpEncryption;
import org.secureta.srtp.RtpMode;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.sdes.SdesKeyManagement;

class OfferAnswerTest {

    private static final Origin ALICE = Origin.of("alice", 100, 1, "127.0.0.1");
    private static final Origin BOB = Origin.of("bob", 200, 1, "127.0.0.2");

    private static AnswerPolicy policy(RtpMode mode, int t38Port) {
        return new AnswerPolicy(BOB, "127.0.0.2", 6000, List.of(AudioCodec.PCMU, AudioCodec.PCMA), true,
                AnswerPolicy.protocolsFor(mode), t38Port);
    }

    private static SessionDescription offer(String media) throws SdpParseException {
        return SessionDescription.parse("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" + media);
    }

    @Nested
    class BuildingAnOffer {

        @Test
        void secureAudioOfferReadsAsTheUnitsOffer() {
            String body = AudioOffer.from(ALICE, "127.0.0.1", 5004).secure(true).build().write();
            assertEquals(String.join("\r\n",
                    "v=0",
                    "o=alice 100 1 IN IP4 127.0.0.1",
                    "s=-",
                    "c=IN IP4 127.0.0.1",
                    "t=0 0",
                    "m=audio 5004 RTP/SAVP 0 8 101",
                    "a=rtpmap:0 PCMU/8000",
                    "a=rtpmap:8 PCMA/8000",
                    "a=rtpmap:101 telephone-event/8000",
                    "a=fmtp:101 0-15",
                    "a=sendrecv",
                    ""), body);
        }

        @Test
        void plainOfferUsesRtpAvpAndTheGivenCodecOrder() {
            SessionDescription sdp = AudioOffer.from(ALICE, "::1", 5004).codecs(List.of(AudioCodec.PCMA)).withoutTelephoneEvent().build();
            assertEquals("RTP/AVP", sdp.media().get(0).protocol());
            assertEquals(List.of("8"), sdp.media().get(0).formats());
            assertEquals("IP6", sdp.connection().orElseThrow().addressType());
            assertFalse(sdp.isSecure());
        }

        @Test
        void holdAndResumeChangeTheDirectionAndTheVersion() {
            SessionDescription offer = AudioOffer.from(ALICE, "127.0.0.1", 5004).build();
            SessionDescription hold = offer.withDirection(Direction.SENDONLY).withNextVersion();
            assertEquals(Direction.SENDONLY, hold.direction(0));
            assertEquals(2, hold.origin().sessionVersion());
            assertEquals(1, hold.media().get(0).attributes("sendonly").size() + hold.media().get(0).attributes("sendrecv").size());
            SessionDescription resume = hold.withDirection(Direction.SENDRECV).withNextVersion();
            assertEquals(Direction.SENDRECV, resume.direction(0));
            assertEquals(3, resume.origin().sessionVersion());
        }

        @Test
        void telephoneEventNeedsADynamicPayloadType() {
            assertThrows(IllegalArgumentException.class, () -> AudioOffer.from(ALICE, "127.0.0.1", 5004).telephoneEvent(8));
        }
    }

    @Nested
    class Answering {

        @Test
        void theOfferersFirstCommonCodecIsChosenWithItsTelephoneEventPayloadType() throws Exception {
            SessionDescription answer = Answerer.answer(offer(
                    "m=audio 4000 RTP/AVP 18 8 0 96\r\na=rtpmap:96 telephone-event/8000\r\n"), policy(RtpMode.Unsecure, 0));
            MediaDescription audio = answer.media().get(0);
            assertEquals(List.of("8", "96"), audio.formats());
            assertEquals(6000, audio.port());
            assertEquals(List.of(RtpMap.of(8, "PCMA", 8000), RtpMap.of(96, "telephone-event", 8000)), audio.codecs());
            assertEquals("96 0-15", audio.attribute("fmtp").orElseThrow().value().orElseThrow());
            assertEquals(answer, SessionDescription.parse(answer.write()));
        }

        @Test
        void codecNamesCompareCaseInsensitivelyThroughDynamicPayloadTypes() throws Exception {
            SessionDescription answer = Answerer.answer(offer("m=audio 4000 RTP/AVP 97\r\na=rtpmap:97 pcmu/8000\r\n"), policy(RtpMode.Unsecure, 0));
            assertEquals(List.of("97"), answer.media().get(0).formats());
        }

        @Test
        void noCommonCodecRejectsTheStreamWithPortZeroKeepingItsFormats() throws Exception {
            SessionDescription answer = Answerer.answer(offer("m=audio 4000 RTP/AVP 18 9\r\n"), policy(RtpMode.Unsecure, 0));
            MediaDescription audio = answer.media().get(0);
            assertTrue(audio.isRejected());
            assertEquals(List.of("18", "9"), audio.formats());
            assertEquals("RTP/AVP", audio.protocol());
        }

        @Test
        void theAnswerReversesTheOfferedDirection() throws Exception {
            assertEquals(Direction.RECVONLY, Answerer.answer(offer("m=audio 4000 RTP/AVP 0\r\na=sendonly\r\n"), policy(RtpMode.Unsecure, 0)).direction(0));
            assertEquals(Direction.SENDONLY, Answerer.answer(offer("m=audio 4000 RTP/AVP 0\r\na=recvonly\r\n"), policy(RtpMode.Unsecure, 0)).direction(0));
            assertEquals(Direction.INACTIVE, Answerer.answer(offer("m=audio 4000 RTP/AVP 0\r\na=inactive\r\n"), policy(RtpMode.Unsecure, 0)).direction(0));
            assertEquals(Direction.SENDRECV, Answerer.answer(offer("m=audio 4000 RTP/AVP 0\r\n"), policy(RtpMode.Unsecure, 0)).direction(0));
        }

        @Test
        void aSessionLevelHoldIsAnsweredPerStream() throws Exception {
            SessionDescription held = SessionDescription.parse(
                    "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\na=sendonly\r\nm=audio 4000 RTP/AVP 0\r\n");
            assertEquals(Direction.RECVONLY, Answerer.answer(held, policy(RtpMode.Unsecure, 0)).direction(0));
        }

        @Test
        void everyOfferedStreamGetsAnAnswerLineInOrderWithTheOfferedTiming() throws Exception {
            SessionDescription offer = SessionDescription.parse(SdpParserTest.MIKEY_OFFER);
            SessionDescription answer = Answerer.answer(offer, policy(RtpMode.Secure, 0));
            assertEquals(3, answer.media().size());
            assertEquals(List.of("audio", "image", "video"), answer.media().stream().map(MediaDescription::media).toList());
            assertFalse(answer.media().get(0).isRejected());
            assertTrue(answer.media().get(1).isRejected(), "T.38 refused when its port is 0");
            assertTrue(answer.media().get(2).isRejected());
            assertEquals(offer.timings(), answer.timings());
        }

        @Test
        void t38IsAcceptedWithTheOfferersFaxAttributesWhenAllowed() throws Exception {
            SessionDescription offer = SessionDescription.parse(SdpParserTest.MIKEY_OFFER);
            MediaDescription fax = Answerer.answer(offer, policy(RtpMode.Secure, 6002)).media().get(1);
            assertEquals(6002, fax.port());
            assertTrue(fax.isT38());
            assertEquals(offer.media().get(1).attributes(), fax.attributes());
        }
    }

    @Nested
    class SecureMedia {

        private static final String PLAIN = "m=audio 4000 RTP/AVP 0\r\n";
        private static final String SECURE = "m=audio 4002 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpParserTest.KEY + "\r\n";

        @Test
        void anOfferIsSecureWhenAStreamInUseIsRtpSavp() throws Exception {
            assertTrue(offer(SECURE).isSecure());
            assertFalse(offer(PLAIN).isSecure());
            assertFalse(offer("m=audio 0 RTP/SAVP 0\r\n").isSecure(), "a disabled SRTP stream does not count");
        }

        @Test
        void secureModeRejectsPlainRtp() throws Exception {
            assertTrue(Answerer.answer(offer(PLAIN), policy(RtpMode.Secure, 0)).media().get(0).isRejected());
            assertFalse(Answerer.answer(offer(SECURE), policy(RtpMode.Secure, 0)).media().get(0).isRejected());
        }

        @Test
        void unsecureModeRejectsSrtp() throws Exception {
            assertTrue(Answerer.answer(offer(SECURE), policy(RtpMode.Unsecure, 0)).media().get(0).isRejected());
        }

        @Test
        void fallbackAcceptsEitherAndPrefersTheSecureAlternative() throws Exception {
            SessionDescription answer = Answerer.answer(offer(PLAIN + SECURE), policy(RtpMode.SecureWithFallback, 0));
            assertTrue(answer.media().get(0).isRejected());
            assertEquals("RTP/SAVP", answer.media().get(1).protocol());
            assertFalse(answer.media().get(1).isRejected());
            assertFalse(Answerer.answer(offer(PLAIN), policy(RtpMode.SecureWithFallback, 0)).media().get(0).isRejected());
        }
    }

    @Nested
    class Keying {

        @Test
        void keyingAttributesAreReadFromTheirLevels() throws Exception {
            SdpKeying sdes = SdpKeyings.of(SessionDescription.parse(SdpParserTest.SDES_OFFER));
            assertEquals(List.of(), sdes.sessionAttributes());
            assertEquals(List.of(List.of("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpParserTest.KEY)), sdes.mediaAttributes());
            SdpKeying mikey = SdpKeyings.of(SessionDescription.parse(SdpParserTest.MIKEY_OFFER));
            assertEquals(List.of("key-mgmt:mikey AQAFgM0XflABAAAAAAAAAAAAAAYAyO"), mikey.sessionAttributes());
            assertEquals(3, mikey.mediaAttributes().size());
        }

        @Test
        void mediaLevelKeyMgmtIsHandedToKeyManagementBesideCrypto() throws Exception {
            String gstreamer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=GStreamer\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio 5004 RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\na=key-mgmt:mikey AQAFAA==\r\n"
                    + "m=audio 5006 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpParserTest.KEY
                    + "\r\na=key-mgmt:mikey AQAFAB==\r\n";

            SdpKeying keying = SdpKeyings.of(SessionDescription.parse(gstreamer));

            assertEquals(List.of(), keying.sessionAttributes());
            assertEquals(List.of(List.of("key-mgmt:mikey AQAFAA=="),
                    List.of("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpParserTest.KEY, "key-mgmt:mikey AQAFAB==")),
                    keying.mediaAttributes());
            SessionDescription rekeyed = SdpKeyings.withKeying(SessionDescription.parse(gstreamer), SdpKeying.empty(2));
            assertEquals(SdpKeying.empty(2), SdpKeyings.of(rekeyed), "withKeying replaces media-level key-mgmt too");
        }

        @Test
        void withKeyingReplacesTheOldKeying() throws Exception {
            SessionDescription sdp = SessionDescription.parse(SdpParserTest.SDES_OFFER);
            SdpKeying fresh = new SdpKeying(List.of("key-mgmt:mikey AAAA"), List.of(List.of("crypto:9 AES_CM_128_HMAC_SHA1_32 inline:x")));
            SessionDescription rekeyed = SdpKeyings.withKeying(sdp, fresh);
            assertEquals(fresh, SdpKeyings.of(rekeyed));
            assertEquals(sdp.media().get(0).attributes().size(), rekeyed.media().get(0).attributes().size());
            assertEquals(rekeyed, SessionDescription.parse(rekeyed.write()));
        }

        @Test
        void aKeyingAttributeCannotInjectLines() throws Exception {
            SessionDescription sdp = SessionDescription.parse(SdpParserTest.SDES_OFFER);
            assertThrows(InvalidFieldException.class, () -> SdpKeyings.withKeying(sdp,
                    new SdpKeying(List.of(), List.of(List.of("crypto:1 X inline:y\r\nm=audio 1 RTP/AVP 0")))));
            assertThrows(IllegalArgumentException.class, () -> SdpKeyings.withKeying(sdp, SdpKeying.empty(2)));
        }

        @Test
        void twoUnitsAgreeOnSdesKeysThroughSdpText() throws Exception {
            KeyManagement sdes = new SdesKeyManagement();
            KeyingParameters tls = new KeyingParameters(1, RtpEncryption.AesCm128, true, new byte[0]);
            KeyingSession alice = sdes.newSession(tls);
            KeyingSession bob = sdes.newSession(tls);

            SessionDescription plainOffer = AudioOffer.from(ALICE, "127.0.0.1", 5004).secure(true).build();
            String offerText = SdpKeyings.withKeying(plainOffer, alice.offer()).write();

            SessionDescription received = SessionDescription.parse(offerText);
            assertTrue(received.isSecure());
            assertTrue(sdes.isPresent(SdpKeyings.of(received)));
            SessionDescription answer = Answerer.answer(received, policy(RtpMode.Secure, 0));
            String answerText = SdpKeyings.withKeying(answer, bob.answer(SdpKeyings.of(received))).write();

            alice.acceptAnswer(SdpKeyings.of(SessionDescription.parse(answerText)));
            assertEquals(alice.sendKeys(0), bob.receiveKeys(0));
            assertEquals(bob.sendKeys(0), alice.receiveKeys(0));
            assertNotEquals(alice.sendKeys(0), bob.sendKeys(0));
            assertTrue(answerText.contains("m=audio 6000 RTP/SAVP 0 101\r\n"), answerText);
            assertTrue(answerText.contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"), answerText);
        }

        @Test
        void onlySecureStreamsInUseCarryMediaKeying() throws Exception {
            SessionDescription sdp = SessionDescription.parse(SdpParserTest.MIKEY_OFFER
                    .replace("m=video 0 RTP/AVP 31", "m=video 0 RTP/SAVP 31\r\nm=audio 7000 RTP/AVP 0"));
            KeyingSession sdesSession = new SdesKeyManagement().newSession(new KeyingParameters(4, RtpEncryption.AesCm128, true, new byte[0]));
            SdpKeying keying = SdpKeyings.restrictToSecureStreams(sdesSession.offer(), sdp);
            assertEquals(List.of(2, 0, 0, 0), keying.mediaAttributes().stream().map(List::size).toList(),
                    "SRTP audio keyed; T.38, the disabled SRTP video and plain RTP audio not");
            SessionDescription keyed = SdpKeyings.withKeying(sdp, keying);
            assertEquals(2, keyed.media().get(0).attributes("crypto").size());
            assertTrue(keyed.media().get(1).attributes("crypto").isEmpty());
        }

        @Test
        void protocolsFollowTheRtpMode() {
            assertEquals(Set.of("RTP/SAVP"), AnswerPolicy.protocolsFor(RtpMode.Secure));
            assertEquals(Set.of("RTP/SAVP", "RTP/AVP"), AnswerPolicy.protocolsFor(RtpMode.SecureWithFallback));
            assertEquals(Set.of("RTP/AVP"), AnswerPolicy.protocolsFor(RtpMode.Unsecure));
        }
    }
}
