package org.secureta.provisioning.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SdpSummaryTest {

    private static final String SESSION = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n";

    @Test
    void anSdesOfferShowsItsSuitesInOrder() {
        assertEquals("RTP/SAVP SDES AES_CM_128_HMAC_SHA1_80,AES_CM_128_HMAC_SHA1_32", SdpSummary.of(SipExchanges.sdesOffer()));
    }

    @Test
    void aMikeyLineAtSessionLevelAppliesToTheAudioStream() {
        assertEquals("RTP/SAVP MIKEY", SdpSummary.of(SipExchanges.mikeyOffer()));
    }

    @Test
    void redactedSdpSummarisesTheSame() {
        assertEquals(SdpSummary.of(SipExchanges.mikeyOffer()), SdpSummary.of(KeyMaterialRedaction.redact(SipExchanges.mikeyOffer())));
        assertEquals(SdpSummary.of(SipExchanges.sdesOffer()), SdpSummary.of(KeyMaterialRedaction.redact(SipExchanges.sdesOffer())));
    }

    @Test
    void plainRtpIsShownAsItIs() {
        assertEquals("RTP/AVP", SdpSummary.of(SESSION + "m=audio 5004 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\n"));
    }

    @Test
    void aSwitchToT38NamesTheImageStream() {
        assertEquals("image udptl t38", SdpSummary.of(SESSION + "m=image 5008 udptl t38\r\na=T38FaxVersion:0\r\n"));
    }

    @Test
    void aRefusedStreamAndAHeldCallAreVisible() {
        assertEquals("RTP/SAVP refused, image udptl t38", SdpSummary.of(SESSION + "m=audio 0 RTP/SAVP 0\r\nm=image 5008 udptl t38\r\n"));
        assertEquals("RTP/SAVP SDES AES_CM_128_HMAC_SHA1_80 sendonly", SdpSummary.of(SESSION
                + "m=audio 5004 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:<redacted>\r\na=sendonly\r\n"));
    }

    @Test
    void aSecureProfileWithoutAnyKeyIsCalledOut() {
        assertEquals("RTP/SAVP without keys", SdpSummary.of(SESSION + "m=audio 5004 RTP/SAVP 0\r\n"));
    }

    @Test
    void aBodyThatIsNotSdpIsOnlyCounted() {
        assertEquals("", SdpSummary.of(""));
        assertEquals("body 13 characters, not SDP", SdpSummary.of("<xml>hi</xml>"));
        assertEquals("SDP without media", SdpSummary.of(SESSION));
    }
}
