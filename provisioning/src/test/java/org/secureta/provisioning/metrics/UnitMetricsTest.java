package org.secureta.provisioning.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.secureta.transport.UnitEvent;

/** The figures a unit's events give, as a Prometheus server would read them. */
class UnitMetricsTest {

    private final UnitMetrics metrics = new UnitMetrics();

    private static UnitEvent call(String id, String state, String direction, long sent, long received, long auth, String reason,
                                  String... more) {
        List<String> a = new ArrayList<>(List.of("call", id, "state", state, "secure", "yes", "keyManagement", "Sdes",
                "suite", "AES_CM_128_HMAC_SHA1_80", "sent", Long.toString(sent), "received", Long.toString(received),
                "authFailures", Long.toString(auth), "replays", "0", "peer", "sip:101@127.0.0.1", "reason", reason, "t38", "",
                "expired", "0", "direction", direction));
        a.addAll(List.of(more));
        return UnitEvent.of(UnitEvent.CALL, a.toArray(String[]::new));
    }

    private PrometheusTextParser scrape(boolean perLine) {
        return PrometheusTextParser.parse(PrometheusText.write(metrics.snapshot(), perLine));
    }

    @Test
    void aUnitThatRegistersAndCallsShowsItsLineItsLinkItsCallsAndTheirMedia() {
        metrics.accept(UnitEvent.of(UnitEvent.TLS_LINK, "gateway", "Lab", "state", "Up", "localPort", "16000"));
        metrics.accept(UnitEvent.of(UnitEvent.REGISTRATION, "line", "Port1", "state", "Registering", "attempt", "1"));
        metrics.accept(UnitEvent.of(UnitEvent.REGISTRATION, "line", "Port1", "state", "Registered", "expires", "3600"));
        metrics.accept(call("1", "Calling", "out", 0, 0, 0, ""));
        metrics.accept(call("1", "Ringing", "out", 0, 0, 0, ""));
        PrometheusTextParser during = scrape(false);
        assertEquals(1, during.require("secureta_calls", "state", "Ringing"));
        assertEquals(0, during.require("secureta_call_setup_seconds_count"));
        metrics.accept(call("1", "Connected", "out", 0, 0, 0, "", "setupMs", "42"));
        metrics.accept(call("1", "Ended", "out", 250, 248, 0, "local hang-up", "setupMs", "42"));
        metrics.accept(call("2", "Ringing", "in", 0, 0, 0, ""));
        metrics.accept(call("2", "Connected", "in", 0, 0, 0, ""));
        metrics.accept(call("2", "OnHold", "in", 100, 90, 0, ""));
        metrics.accept(call("3", "Calling", "out", 0, 0, 0, ""));
        metrics.accept(call("3", "Failed", "out", 0, 0, 0, "486 Busy Here"));

        PrometheusTextParser p = scrape(false);
        assertEquals(1, p.require("secureta_registrations", "state", "Registered"));
        assertEquals(0, p.require("secureta_registrations", "state", "AuthFailed"));
        assertEquals(1, p.require("secureta_registration_successes_total"));
        assertEquals(0, p.require("secureta_registration_failures_total", "state", "AuthFailed"), "failure series exist before any failure");
        assertEquals(1, p.require("secureta_tls_links", "state", "Up"));
        assertEquals(0, p.require("secureta_tls_link_reconnects_total"));
        assertEquals(1, p.require("secureta_calls", "state", "OnHold"));
        assertEquals(0, p.require("secureta_calls", "state", "Connected"));
        assertEquals(2, p.require("secureta_calls_started_total", "direction", "out"));
        assertEquals(1, p.require("secureta_calls_started_total", "direction", "in"));
        assertEquals(1, p.require("secureta_calls_connected_total", "direction", "out"));
        assertEquals(1, p.require("secureta_calls_ended_total", "direction", "out", "state", "Ended"));
        assertEquals(1, p.require("secureta_calls_ended_total", "direction", "out", "state", "Failed"));
        assertEquals(1, p.require("secureta_calls_failed_total", "code", "486"));
        // One observation of 42 ms: in the 0.05 bucket and above, not in 0.025.
        assertEquals(0, p.require("secureta_call_setup_seconds_bucket", "le", "0.025"));
        assertEquals(1, p.require("secureta_call_setup_seconds_bucket", "le", "0.05"));
        assertEquals(1, p.require("secureta_call_setup_seconds_bucket", "le", "+Inf"));
        assertEquals(1, p.require("secureta_call_setup_seconds_count"));
        assertEquals(0.042, p.require("secureta_call_setup_seconds_sum"), 1e-9);
        // Call 1 at its end and call 2 as its last event left it.
        assertEquals(350, p.require("secureta_srtp_packets_total", "direction", "sent"));
        assertEquals(338, p.require("secureta_srtp_packets_total", "direction", "received"));
        assertEquals(0, p.require("secureta_srtp_auth_failures_total"));
        assertEquals("counter", p.families().get("secureta_srtp_packets_total").type());
        assertEquals("histogram", p.families().get("secureta_call_setup_seconds").type());
        assertEquals("gauge", p.families().get("secureta_registrations").type());
        assertFalse(p.families().containsKey("secureta_line_registration_state"), "no per-line series unless asked");
    }

    @Test
    void countersGrowByEachCallsDifferenceAndARepeatedFinalEventCountsOnce() {
        metrics.accept(call("7", "Connected", "out", 10, 10, 1, "", "setupMs", "120"));
        metrics.accept(call("7", "OnHold", "out", 60, 55, 3, ""));
        metrics.accept(call("7", "Ended", "out", 80, 70, 3, "remote hang-up"));
        metrics.accept(call("7", "Ended", "out", 80, 70, 3, "remote hang-up"));
        PrometheusTextParser p = scrape(false);
        assertEquals(80, p.require("secureta_srtp_packets_total", "direction", "sent"));
        assertEquals(70, p.require("secureta_srtp_packets_total", "direction", "received"));
        assertEquals(3, p.require("secureta_srtp_auth_failures_total"));
        assertEquals(1, p.require("secureta_calls_ended_total", "direction", "out", "state", "Ended"));
        assertEquals(1, p.require("secureta_call_setup_seconds_count"));
        assertEquals(0, p.require("secureta_calls", "state", "Connected"));
    }

    @Test
    void aLinkThatComesBackIsAReconnectAndFailedRegistrationsAreCountedByOutcome() {
        metrics.accept(UnitEvent.of(UnitEvent.TLS_LINK, "gateway", "Lab", "state", "WaitingUp"));
        metrics.accept(UnitEvent.of(UnitEvent.TLS_LINK, "gateway", "Lab", "state", "Up"));
        metrics.accept(UnitEvent.of(UnitEvent.TLS_LINK, "gateway", "Lab", "state", "Down", "reason", "connection reset"));
        metrics.accept(UnitEvent.of(UnitEvent.TLS_LINK, "gateway", "Lab", "state", "Up"));
        metrics.accept(UnitEvent.of(UnitEvent.REGISTRATION, "line", "Port1", "state", "AuthFailed", "retryIn", "60"));
        metrics.accept(UnitEvent.of(UnitEvent.REGISTRATION, "line", "Port1", "state", "Registering", "attempt", "2"));
        metrics.accept(UnitEvent.of(UnitEvent.REGISTRATION, "line", "Port1", "state", "Unreachable", "attempt", "2"));
        PrometheusTextParser p = scrape(false);
        assertEquals(2, p.require("secureta_tls_link_connects_total"));
        assertEquals(1, p.require("secureta_tls_link_reconnects_total"));
        assertEquals(1, p.require("secureta_registration_failures_total", "state", "AuthFailed"));
        assertEquals(1, p.require("secureta_registration_failures_total", "state", "Unreachable"));
        assertEquals(1, p.require("secureta_registrations", "state", "Unreachable"));
        assertEquals(0, p.require("secureta_registration_successes_total"));
    }

    @Test
    void aFleetIsTotalledByDefaultAndSplitByUnitOnlyWhenAsked() {
        for (String unit : List.of("u1", "u2", "u3")) {
            metrics.accept(UnitEvent.of(UnitEvent.REGISTRATION, "line", "Port1", "state", "Registered", "unit", unit));
            metrics.accept(UnitEvent.of(UnitEvent.TLS_LINK, "gateway", "Lab", "state", "Up", "unit", unit));
            // The same call number in each unit is three calls.
            metrics.accept(call("1", "Calling", "out", 0, 0, 0, "", "unit", unit));
        }
        PrometheusTextParser totals = scrape(false);
        assertEquals(3, totals.require("secureta_registrations", "state", "Registered"));
        assertEquals(3, totals.require("secureta_tls_links", "state", "Up"));
        assertEquals(3, totals.require("secureta_calls", "state", "Calling"));
        assertTrue(totals.families().values().stream().flatMap(f -> f.samples().stream()).noneMatch(s -> s.labels().containsKey("unit")),
                "no unit label in the totals");
        PrometheusTextParser perLine = scrape(true);
        assertEquals(1, perLine.require("secureta_line_registration_state", "unit", "u2", "line", "Port1", "state", "Registered"));
        assertEquals(1, perLine.require("secureta_tls_link_state", "unit", "u3", "gateway", "Lab", "state", "Up"));
    }

    @Test
    void labelValuesAreEscapedAsTheFormatRequires() {
        metrics.accept(UnitEvent.of(UnitEvent.REGISTRATION, "line", "odd\"line\\1", "state", "Registered"));
        String text = PrometheusText.write(metrics.snapshot(), true);
        assertTrue(text.contains("line=\"odd\\\"line\\\\1\""), text);
        assertEquals(1, PrometheusTextParser.parse(text).require("secureta_line_registration_state", "line", "odd\"line\\1", "state", "Registered"));
    }

    @Test
    void theStatusCodeOfAFailedCallIsTakenOnlyFromAStatusLine() {
        assertEquals("486", UnitMetrics.statusCode("486 Busy Here"));
        assertEquals("none", UnitMetrics.statusCode("no ACK within 32000 ms (RFC 3261 13.3.1.4)"));
        assertEquals("none", UnitMetrics.statusCode("4861 whatever"));
        assertEquals("none", UnitMetrics.statusCode(""));
    }

    @Test
    void theParserRefusesWhatPrometheusWouldNot() {
        String ok = "# HELP a_total A.\n# TYPE a_total counter\na_total 1\n";
        PrometheusTextParser.parse(ok);
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse("# HELP a A.\n# TYPE a counter\na 1\n"), "counter without _total");
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse("a_total 1\n"), "no HELP/TYPE");
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse(ok + "# HELP b B.\n# TYPE b gauge\nb 1\na_total{x=\"1\"} 2\n"),
                "a family split");
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse("# HELP b B.\n# TYPE b gauge\nb{x=\"\\t\"} 1\n"), "bad escape");
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse("# HELP b B.\n# TYPE b gauge\nb 1,5\n"), "bad number");
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse(
                "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"), "not cumulative");
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse(
                "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n"), "no +Inf");
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse(ok.trim()), "no final line feed");
    }
}
