package org.secureta.provisioning.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.secureta.transport.SipMessageRecord.Direction;
import org.secureta.transport.Transport;

class TraceFormatTest {

    @Test
    void traceLinesReadBackToTheSameMessages() throws Exception {
        List<TracedMessage> messages = SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0));
        String text = TraceFormat.lines(messages);
        assertEquals(TraceFormat.HEADER, text.lines().findFirst().orElseThrow());
        assertEquals(messages.size() + 1, text.lines().count(), "one line per message after the header");
        assertEquals(messages, TraceFormat.parse(text, "a.trace"));
    }

    @Test
    void aLineHasTenTabSeparatedFieldsWithTheBodyEscaped() {
        TracedMessage invite = SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0)).get(0);
        String[] fields = TraceFormat.line(invite).split("\t", -1);
        assertEquals(10, fields.length);
        assertEquals(List.of("2026-11-27T02:10:00Z", "SENT", "TLS", "127.0.0.1:16000", "127.0.0.2:5061", "call-1@ta", "1 INVITE",
                "INVITE sip:200@127.0.0.2:5061;transport=tls SIP/2.0", SipExchanges.TLS13), List.of(fields).subList(0, 9));
        assertTrue(fields[9].startsWith("v=0\\r\\no=100 1 1 IN IP4 127.0.0.1\\r\\n"), fields[9]);
    }

    @Test
    void tabsNewlinesAndBackslashesInAFieldSurviveTheRoundTrip() throws Exception {
        TracedMessage odd = new TracedMessage(SipExchanges.T0, Direction.RECEIVED, "127.0.0.1:5060", "127.0.0.9:5060", Transport.UDP, "none",
                "MESSAGE sip:a SIP/2.0", "odd\tcall\\id\r\n@x", "1 MESSAGE", "line1\nline2\t\\n");
        String line = TraceFormat.line(odd);
        assertTrue(!line.contains("\n") && line.split("\t").length == 10, line);
        assertEquals(List.of(odd), TraceFormat.parse(line, "x"));
    }

    @Test
    void commentsBlankLinesAndCrlfAreAccepted() throws Exception {
        TracedMessage invite = SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0)).get(0);
        String text = "# from unit B\r\n\r\n" + TraceFormat.line(invite) + "\r\n";
        assertEquals(List.of(invite), TraceFormat.parse(text, "b.trace"));
    }

    @Test
    void aBadLineIsRefusedNamingTheLineAndTheField() {
        String good = TraceFormat.line(SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0)).get(1));
        assertEquals("b.trace line 3, direction: 'SIDEWAYS', allowed: SENT, RECEIVED", assertThrows(TraceFormatException.class,
                () -> TraceFormat.parse("# x\n" + good + "\n" + good.replace("\tRECEIVED\t", "\tSIDEWAYS\t"), "b.trace")).getMessage());
        assertEquals("b.trace line 1, transport: 'SCTP', allowed: UDP, TCP, TLS", assertThrows(TraceFormatException.class,
                () -> TraceFormat.parse(good.replace("\tTLS\t", "\tSCTP\t"), "b.trace")).getMessage());
        assertEquals("b.trace line 1, time: 'yesterday' is not an ISO-8601 instant (2026-11-27T02:10:00.123Z)",
                assertThrows(TraceFormatException.class, () -> TraceFormat.parse("yesterday" + good.substring(good.indexOf('\t')), "b.trace"))
                        .getMessage());
        assertEquals("b.trace line 1, line: 3 TAB-separated fields, expected 10 (time direction transport local remote call-id cseq"
                + " first-line security body)", assertThrows(TraceFormatException.class, () -> TraceFormat.parse("a\tb\tc", "b.trace"))
                        .getMessage());
        assertTrue(assertThrows(TraceFormatException.class, () -> TraceFormat.parse(good + "\\q", "b.trace")).getMessage()
                .startsWith("b.trace line 1, body: unknown escape \\q at character "));
        assertEquals("b.trace line 1, call-id: empty", assertThrows(TraceFormatException.class,
                () -> TraceFormat.parse(good.replace("\tcall-1@ta\t", "\t\t"), "b.trace")).getMessage());
    }

    @Test
    void aKeyInAForeignTraceFileIsRedactedWhenRead() throws Exception {
        TracedMessage invite = SipExchanges.traced(SipExchanges.sdesCall("call-1@ta", true, 0)).get(0);
        String withKey = TraceFormat.line(invite).replace("inline:<redacted>", "inline:" + SipExchanges.SDES_KEY);
        assertTrue(withKey.contains(SipExchanges.SDES_KEY));
        TracedMessage read = TraceFormat.parse(withKey, "foreign.trace").get(0);
        assertTrue(!read.body().contains(SipExchanges.SDES_KEY) && read.body().contains("inline:<redacted>"));
    }
}
