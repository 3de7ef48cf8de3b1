package org.secureta.example.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.secureta.transport.UnitEvent;

class CallTrackerTest {

    private final CallTracker tracker = new CallTracker();

    /** A CALL event as the call agent posts it (docs/calls.md), at a given second. */
    private static UnitEvent call(int second, String id, String state, String... more) {
        String[] attributes = new String[4 + more.length];
        attributes[0] = "call";
        attributes[1] = id;
        attributes[2] = "state";
        attributes[3] = state;
        System.arraycopy(more, 0, attributes, 4, more.length);
        UnitEvent event = UnitEvent.of(UnitEvent.CALL, attributes);
        Map<String, Object> properties = new java.util.HashMap<>(event.toProperties());
        properties.put("time", Instant.parse("2026-11-27T03:00:00Z").plusSeconds(second).toEpochMilli());
        return UnitEvent.fromProperties(event.topic(), properties);
    }

    private static final String[] SECURE_SDES = {"secure", "yes", "keyManagement", "Sdes", "suite", "AES_CM_128_HMAC_SHA1_80",
        "sent", "104", "received", "114", "authFailures", "0", "replays", "0", "peer", "sip:200@127.0.0.1:5061",
        "reason", "local hang-up", "t38", ""};

    @Test
    void anAnsweredCallGivesOneRecordWhenItEndsWithStartAnswerEndAndItsFinalCounters() {
        assertEquals(Optional.empty(), tracker.accept(call(0, "1", "Calling")));
        assertEquals(Optional.empty(), tracker.accept(call(1, "1", "Ringing")));
        assertEquals(Optional.empty(), tracker.accept(call(2, "1", "Connected")));
        CallDetailRecord cdr = tracker.accept(call(5, "1", "Ended", SECURE_SDES)).orElseThrow();
        assertEquals(Instant.parse("2026-11-27T03:00:00Z"), cdr.start());
        assertEquals(Optional.of(Instant.parse("2026-11-27T03:00:02Z")), cdr.answer());
        assertEquals(Instant.parse("2026-11-27T03:00:05Z"), cdr.end());
        assertTrue(cdr.secure());
        assertEquals("Sdes", cdr.keyManagement());
        assertEquals(104, cdr.packetsSent());
        assertEquals(114, cdr.packetsReceived());
        assertEquals(0, cdr.authFailures());
        assertEquals("sip:200@127.0.0.1:5061", cdr.peer());
        assertEquals(0, tracker.openCalls());
    }

    @Test
    void aRefusedCallHasNoAnswerTimeAndKeepsTheReason() {
        tracker.accept(call(0, "3", "Calling"));
        CallDetailRecord cdr = tracker.accept(call(1, "3", "Failed", "secure", "no", "keyManagement", "none", "suite", "none",
                "sent", "0", "received", "0", "authFailures", "0", "peer", "sip:200@127.0.0.1", "reason", "415 Unsupported Media Type"))
                .orElseThrow();
        assertEquals(Optional.empty(), cdr.answer());
        assertFalse(cdr.secure());
        assertEquals("3,2026-11-27T03:00:00Z,,2026-11-27T03:00:01Z,sip:200@127.0.0.1,no,none,none,0,0,0,415 Unsupported Media Type",
                cdr.toCsv());
    }

    @Test
    void aCallNumberReusedAfterTheAgentRestartedStartsANewCall() {
        tracker.accept(call(0, "1", "Calling"));
        tracker.accept(call(1, "1", "Connected"));
        // The agent restarted (new configuration) and numbers its calls from 1 again.
        tracker.accept(call(60, "1", "Calling"));
        tracker.accept(call(62, "1", "Connected"));
        CallDetailRecord cdr = tracker.accept(call(65, "1", "Ended", SECURE_SDES)).orElseThrow();
        assertEquals(Instant.parse("2026-11-27T03:01:00Z"), cdr.start());
        assertEquals(Optional.of(Instant.parse("2026-11-27T03:01:02Z")), cdr.answer());
    }

    @Test
    void eventsOfOtherKindsAreIgnored() {
        assertEquals(Optional.empty(), tracker.accept(UnitEvent.of(UnitEvent.TLS_LINK, "gateway", "Peer", "state", "Up")));
        assertEquals(0, tracker.openCalls());
    }
}
