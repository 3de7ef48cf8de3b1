package org.secureta.provisioning.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.secureta.provisioning.ladder.SipExchanges.MIKEY_BASE64;
import static org.secureta.provisioning.ladder.SipExchanges.SDES_KEY;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.secureta.transport.SipMessageRecord;
import org.secureta.transport.SipMessageRecord.Direction;
import org.secureta.transport.Transport;

class KeyMaterialRedactionTest {

    @Test
    void anSdesKeyIsReplacedButItsLifetimeAndMkiStayToExplainAMismatch() {
        String redacted = KeyMaterialRedaction.redact(SipExchanges.sdesOffer());
        assertTrue(redacted.contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:<redacted>|2^20|1:4\r\n"), redacted);
        assertTrue(redacted.contains("a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:<redacted>\r\n"), redacted);
        assertFalse(redacted.contains(SDES_KEY));
        assertTrue(redacted.startsWith("v=0\r\no=100 1 1 IN IP4 127.0.0.1\r\n"), "the rest of the SDP is unchanged");
    }

    @Test
    void aMikeyMessageIsReducedToItsSize() {
        String redacted = KeyMaterialRedaction.redact(SipExchanges.mikeyOffer());
        assertTrue(redacted.contains("a=key-mgmt:mikey <96 bytes>\r\n"), redacted);
        assertFalse(redacted.contains(MIKEY_BASE64.substring(0, 16)));
    }

    @Test
    void aMikeyBlobThatIsNotBase64IsStillRemoved() {
        assertEquals("a=key-mgmt:mikey <unreadable, 9 characters>\n", KeyMaterialRedaction.redact("a=key-mgmt:mikey AB$$cd%%e\n"));
    }

    @Test
    void severalKeyParametersOnOneLineAreEachReplaced() {
        // RFC 4568 6.1: key-params are separated by ';'
        assertEquals("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:<redacted>|2^20|1:4;inline:<redacted>|2^20|2:4",
                KeyMaterialRedaction.redact("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SDES_KEY + "|2^20|1:4;inline:"
                        + SDES_KEY + "|2^20|2:4"));
    }

    @Test
    void aKeyInAnUnexpectedCaseOrPlaceIsRemovedToo() {
        String odd = "v=0\nA=CRYPTO:1 AES_CM_128_HMAC_SHA1_80 INLINE:" + SDES_KEY + "\na = key-mgmt: MIKEY " + MIKEY_BASE64
                + "\nk=base64:c2VjcmV0LWtleQ==\nk=clear:secret-key\n";
        String redacted = KeyMaterialRedaction.redact(odd);
        assertFalse(redacted.contains(SDES_KEY), redacted);
        assertFalse(redacted.contains(MIKEY_BASE64), redacted);
        assertFalse(redacted.contains("c2VjcmV0LWtleQ"), redacted);
        assertFalse(redacted.contains("secret-key"), redacted);
        assertTrue(redacted.contains("k=base64:<redacted>\nk=clear:<redacted>\n"), redacted);
    }

    @Test
    void redactingTwiceChangesNothing() {
        String once = KeyMaterialRedaction.redact(SipExchanges.sdesOffer() + SipExchanges.mikeyOffer() + "k=clear:x\n");
        assertEquals(once, KeyMaterialRedaction.redact(once));
    }

    @Test
    void aTracedMessageNeverHoldsTheKeysOfTheRecordItCameFrom() {
        SipMessageRecord record = SipExchanges.record(SipExchanges.T0, Direction.SENT, SipExchanges.UNIT_A, SipExchanges.UNIT_B,
                Transport.TLS, SipExchanges.TLS13, SipExchanges.message("INVITE sip:200@127.0.0.2 SIP/2.0", "k1@ta", "1 INVITE",
                        SipExchanges.sdesOffer()));
        assertTrue(record.body().contains(SDES_KEY), "the fixture carries a key");
        TracedMessage traced = TracedMessage.of(record);
        assertFalse(traced.body().contains(SDES_KEY));
        assertFalse(traced.toString().contains(SDES_KEY));
    }

    @Test
    void noKeyReachesATraceLineATextLadderOrAnSvg() {
        List<SipMessageRecord> records = new java.util.ArrayList<>(SipExchanges.sdesCall("sdes@ta", true, 0));
        records.add(SipExchanges.record(SipExchanges.T0.plusSeconds(5), Direction.SENT, SipExchanges.UNIT_A, SipExchanges.UNIT_B,
                Transport.TLS, SipExchanges.TLS13, SipExchanges.message("INVITE sip:200@127.0.0.2 SIP/2.0", "mikey@ta", "1 INVITE",
                        SipExchanges.mikeyOffer())));
        List<TracedMessage> traced = SipExchanges.traced(records);
        List<Ladder> ladders = Ladders.build(traced);
        for (String shown : List.of(TraceFormat.lines(traced), TextLadder.ascii().render(ladders), SvgLadder.document(ladders))) {
            assertFalse(shown.contains(SDES_KEY));
            assertFalse(shown.contains(MIKEY_BASE64.substring(0, 12)));
        }
        assertTrue(TraceFormat.lines(traced).contains("inline:<redacted>|2^20|1:4"));
        assertTrue(TraceFormat.lines(traced).contains("a=key-mgmt:mikey <96 bytes>"));
    }

    @Test
    void aHugeBodyIsCutAfterRedactionSoNoHalfKeyRemains() {
        String padding = "a=x-filler:" + "y".repeat(TracedMessage.MAX_BODY - 30) + "\n";
        String body = padding + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SDES_KEY + "\n" + "a=z:" + "w".repeat(500);
        TracedMessage m = new TracedMessage(SipExchanges.T0, Direction.RECEIVED, SipExchanges.UNIT_A, SipExchanges.UNIT_B,
                Transport.UDP, "none", "INVITE sip:a SIP/2.0", "big@ta", "1 INVITE", body);
        assertFalse(m.body().contains(SDES_KEY.substring(0, 8)));
        assertTrue(m.body().length() < TracedMessage.MAX_BODY + 64, "kept " + m.body().length());
        assertTrue(m.body().endsWith("characters not kept]"), m.body().substring(m.body().length() - 40));
    }
}
