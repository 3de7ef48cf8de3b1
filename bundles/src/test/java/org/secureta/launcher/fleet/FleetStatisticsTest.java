package org.secureta.launcher.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetStatisticsTest {

    private static FleetOptions options(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("t.profile", "--units", "10", "--calls-per-second", "1", "--duration", "5"));
        args.addAll(List.of(extra));
        return FleetOptions.parse(args);
    }

    @Test
    void failuresAreCountedByResponseCodeOrByReason() {
        FleetStatistics s = new FleetStatistics();
        for (int i = 0; i < 4; i++) {
            s.attempt();
        }
        s.failed("486 Busy Here");
        s.failed("486 Busy Here");
        s.failed("408 Request Timeout");
        s.failed("no answer to the INVITE (Timer B)");
        assertEquals(Map.of("486", 2L, "408", 1L), s.failedByCode());
        assertEquals(Map.of("no answer to the INVITE (Timer B)", 1L), s.failedByReason());
        assertEquals(0, s.active());
        assertEquals(100.0, s.failedPercent());
    }

    @Test
    void setupPercentilesAreNearestRank() {
        FleetStatistics s = new FleetStatistics();
        for (int ms = 1; ms <= 100; ms++) {
            s.attempt();
            s.connected(ms, true);
        }
        assertEquals(50.0, s.setupPercentile(50).getAsDouble());
        assertEquals(95.0, s.setupPercentile(95).getAsDouble());
        assertEquals(99.0, s.setupPercentile(99).getAsDouble());
        assertEquals(100.0, s.setupPercentile(100).getAsDouble());
    }

    @Test
    void mediaOfBothSidesIsSummed() {
        FleetStatistics s = new FleetStatistics();
        s.attempt();
        s.connected(40, true);
        s.ended(100, 98, 0, 0, 0);
        s.media(99, 100, 1, 0, 3);
        assertEquals(397, s.srtpPackets());
        assertEquals(1, s.authFailures(), "packets from another address than the peer's are not the call's auth failures");
        assertEquals(3L, s.counters().get("srtp_strays"));
        assertTrue(s.report(1, 1, 1.0).contains("SRTP strays refused       3 (not from the call's peer"), s.report(1, 1, 1.0));
        assertEquals(1, s.completed());
        assertEquals(0, s.active());
    }

    @Test
    void thresholdsMissedAreNamed() {
        FleetStatistics s = new FleetStatistics();
        s.attempt();
        s.connected(900, true);
        s.attempt();
        s.failed("503 Service Unavailable");
        List<String> missed = s.missed(options("--max-failed-percent", "10", "--max-setup-p95-ms", "500"), 10, 9);
        assertEquals(3, missed.size(), missed.toString());
        assertTrue(missed.get(0).contains("9 of 10 units registered"), missed.get(0));
        assertTrue(missed.get(1).contains("50.0 % of calls failed, above --max-failed-percent 10"), missed.get(1));
        assertTrue(missed.get(2).contains("set-up time p95 900 ms, above --max-setup-p95-ms 500"), missed.get(2));
        assertEquals(List.of(), s.missed(options("--max-failed-percent", "50", "--max-setup-p95-ms", "900", "--min-registered-percent", "90"),
                10, 9));
    }

    @Test
    void aCsvRowHasAValueForEveryColumn() {
        FleetStatistics s = new FleetStatistics();
        s.attempt();
        s.attempt();
        String row = s.row("2026-12-07T05:00:00Z", 10, 50, 50, 49, 0, 5);
        assertEquals(FleetStatistics.csvHeader().split(",").length, row.split(",", -1).length);
        assertTrue(row.contains(",0.40,"), "2 attempts in 5 s: " + row);
    }
}
