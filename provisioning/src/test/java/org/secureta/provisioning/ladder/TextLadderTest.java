package org.secureta.provisioning.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.secureta.provisioning.ladder.SipExchanges.T0;
import static org.secureta.provisioning.ladder.SipExchanges.message;
import static org.secureta.provisioning.ladder.SipExchanges.record;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secureta.transport.SipMessageRecord.Direction;
import org.secureta.transport.Transport;

class TextLadderTest {

    private static Ladder mergedCall() {
        List<TracedMessage> both = new ArrayList<>(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0)));
        both.addAll(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", false, 0)));
        return Ladders.build(both).get(0);
    }

    private static List<String> arrowLines(String text) {
        return text.lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")).toList();
    }

    @Test
    void aCallReadsTopDownWithAnArrowPerMessageBetweenTheLifelines() {
        String text = TextLadder.ascii().render(mergedCall());
        List<String> arrows = arrowLines(text);
        assertEquals(7, arrows.size(), text);
        assertEquals("02:10:00.000      |----------------- INVITE ----------------->|", arrows.get(0));
        assertEquals("02:10:00.200      |<-------------- 180 Ringing ---------------|", arrows.get(2));
        assertEquals("02:10:00.400      |------------------- ACK ------------------>|", arrows.get(4));
        assertTrue(text.startsWith("Call-ID call-1@ta (call, 7 messages)\n"
                + "       unit (127.0.0.1:16000)                       unit (127.0.0.2:5061)\n"), text);
    }

    @Test
    void underEachArrowAreItsHopAndItsOfferOrAnswer() {
        List<String> lines = TextLadder.ascii().render(mergedCall()).lines().toList();
        int invite = lines.indexOf("02:10:00.000      |----------------- INVITE ----------------->|");
        assertEquals("                  |  TLS TLSv1.3 TLS_AES_256_GCM_SHA384 HostName ok / client not verified", lines.get(invite + 1));
        assertEquals("                  |  offer RTP/SAVP SDES AES_CM_128_HMAC_SHA1_80,AES_CM_128_HMAC_SHA1_32", lines.get(invite + 2));
    }

    @Test
    void itFitsOneHundredColumnsWithAProxyInTheMiddle() {
        String p = "127.0.0.1:5061";
        List<TracedMessage> m = SipExchanges.traced(List.of(
                record(T0, Direction.SENT, SipExchanges.UNIT_A, p, Transport.TLS, SipExchanges.TLS13,
                        message("INVITE sip:200@lab SIP/2.0", "px@ta", "1 INVITE", SipExchanges.sdesOffer())),
                record(T0.plusMillis(1), Direction.RECEIVED, SipExchanges.UNIT_B, p, Transport.TLS, "TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 "
                        + "client certificate TrustedCertificate ok, session resumed, peer asked for renegotiation",
                        message("INVITE sip:200@127.0.0.2 SIP/2.0", "px@ta", "1 INVITE", SipExchanges.sdesOffer())),
                record(T0.plusMillis(9), Direction.SENT, SipExchanges.UNIT_B, p, Transport.TLS, SipExchanges.TLS13,
                        message("SIP/2.0 415 Unsupported Media Type", "px@ta", "1 INVITE", "")),
                record(T0.plusMillis(12), Direction.RECEIVED, SipExchanges.UNIT_A, "127.0.0.1:5099", Transport.UDP, "none",
                        message("SIP/2.0 415 Unsupported Media Type", "px@ta", "1 INVITE", ""))));
        Ladder ladder = Ladders.build(m).get(0);
        assertEquals(4, ladder.endpoints().size());
        String text = TextLadder.ascii().render(ladder);
        text.lines().forEach(l -> assertTrue(l.length() <= TextLadder.WIDTH, l.length() + " columns: " + l));
        assertTrue(text.contains(" 415 Unsupported Media Type"), text);
        assertTrue(text.contains("peer asked for renegotiation"), "a long verdict wraps, it is not cut:\n" + text);
    }

    @Test
    void aLabelTooLongForItsArrowIsWrittenUnderIt() {
        List<TracedMessage> m = new ArrayList<>();
        String[] addresses = {"127.0.0.1:5001", "127.0.0.1:5002", "127.0.0.1:5003", "127.0.0.1:5004", "127.0.0.1:5005", "127.0.0.1:5006",
            "127.0.0.1:5007", "127.0.0.1:5008"};
        for (int i = 0; i + 1 < addresses.length; i++) {
            m.add(TracedMessage.of(record(T0.plusMillis(i), Direction.SENT, addresses[i], addresses[i + 1], Transport.UDP, "none",
                    message("SIP/2.0 415 Unsupported Media Type", "many@ta", "1 INVITE", ""))));
        }
        String text = TextLadder.ascii().render(Ladders.build(m).get(0));
        text.lines().forEach(l -> assertTrue(l.length() <= TextLadder.WIDTH, l));
        assertEquals(7, text.lines().filter(l -> !l.matches("\\d\\d:.*") && l.contains(" 415 Unsupported Media Type")).count(), text);
    }

    @Test
    void controlCharactersFromTheWireCannotMoveTheTerminalCursor() {
        TracedMessage evil = TracedMessage.of(record(T0, Direction.RECEIVED, SipExchanges.UNIT_A, SipExchanges.UNIT_B, Transport.UDP, "none",
                message("SIP/2.0 200 \u001b[2JOK", "evil\u001b]0;pwned\u0007@x", "1 OPTIONS", "")));
        String text = TextLadder.ascii().render(Ladders.build(List.of(evil)));
        assertFalse(text.chars().anyMatch(c -> c == 0x1b || c == 0x07), text);
        assertTrue(text.contains("200 ?[2JOK"), text);
    }

    @Test
    void unicodeUsesBoxDrawingLines() {
        String text = TextLadder.unicode().render(mergedCall());
        assertTrue(text.contains("02:10:00.000      \u2502\u2500\u2500\u2500"), text);
        assertTrue(text.contains("INVITE \u2500"), text);
    }

    @Test
    void nothingTracedSaysSo() {
        assertEquals("no SIP messages traced\n", TextLadder.ascii().render(List.of()));
    }

    @Test
    void theHopIsSaidOnceForAPairOfColumnsAndAgainOnlyWhenItChanges() {
        String text = TextLadder.ascii().render(Ladders.build(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0))));
        assertEquals(1, text.split("TLS TLSv1.3", -1).length - 1, "7 messages over one TLS hop, its verdict once:\n" + text);
    }

    @Test
    void aWordLongerThanTheLineIsNotCutInTwo() {
        String token = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384_AND_A_VERY_LONG_TAG";
        List<String> lines = TextLadder.wrap("verdict " + token + " ok", 30);
        assertTrue(lines.stream().anyMatch(l -> l.strip().equals(token)), "the token stays whole: " + lines);
        for (String l : lines) {
            for (String word : l.strip().split(" ")) {
                assertTrue(List.of("verdict", token, "ok").contains(word), "a piece of a word: " + word + " in " + lines);
            }
        }
    }
}
