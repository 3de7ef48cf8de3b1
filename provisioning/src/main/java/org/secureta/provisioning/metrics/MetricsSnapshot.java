package org.secureta.provisioning.metrics;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The figures of the units at one moment, as {@link UnitMetrics} derived them from their events.
 * Totals over all units; {@link #lineRows()} and {@link #linkRows()} hold one row per line and link for
 * the optional per-line series. Immutable; maps are sorted so that the output is stable.
 *
 * @param registrations lines per SipEp.RegistrationStatus state (every state, 0 included)
 * @param registrationSuccesses REGISTERs answered with a binding (first registrations and refreshes)
 * @param registrationFailures failed registration attempts by the state they ended in (AuthFailed, Rejected, ...)
 * @param links persistent TLS links per TLS_LINK state (Up, Down, WaitingUp, WaitingShutdown)
 * @param linkConnects times a link came up
 * @param linkReconnects times a link came up again after it had been up (the re-connects)
 * @param callsInProgress calls not yet ended, by state (Calling, Ringing, Connected, OnHold)
 * @param callsStarted calls by direction (out, in)
 * @param callsConnected calls answered, by direction
 * @param callsEnded calls over, by direction and final state (Ended, Failed)
 * @param callsFailedByCode failed calls by the SIP status code of their reason ("none" when it has none)
 * @param setup set-up time of the calls we placed (first INVITE to its 2xx), seconds
 * @param srtpPacketsSent SRTP packets sent by secure calls
 * @param srtpPacketsReceived SRTP packets received and accepted by secure calls
 * @param srtpAuthFailures SRTP/SRTCP packets that failed authentication
 * @param srtpReplays SRTP/SRTCP packets refused as replays
 * @param lineRows each line's registration state
 * @param linkRows each link's state
 */
public record MetricsSnapshot(SortedMap<String, Long> registrations, long registrationSuccesses, SortedMap<String, Long> registrationFailures,
                              SortedMap<String, Long> links, long linkConnects, long linkReconnects,
                              SortedMap<String, Long> callsInProgress, SortedMap<String, Long> callsStarted, SortedMap<String, Long> callsConnected,
                              SortedMap<CallOutcome, Long> callsEnded, SortedMap<String, Long> callsFailedByCode, Histogram setup,
                              long srtpPacketsSent, long srtpPacketsReceived, long srtpAuthFailures, long srtpReplays,
                              List<Row> lineRows, List<Row> linkRows) {

    public MetricsSnapshot {
        registrations = copy(registrations);
        registrationFailures = copy(registrationFailures);
        links = copy(links);
        callsInProgress = copy(callsInProgress);
        callsStarted = copy(callsStarted);
        callsConnected = copy(callsConnected);
        callsEnded = copy(callsEnded);
        callsFailedByCode = copy(callsFailedByCode);
        lineRows = List.copyOf(lineRows);
        linkRows = List.copyOf(linkRows);
    }

    private static <K extends Comparable<K>> SortedMap<K, Long> copy(Map<K, Long> m) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(m));
    }

    /** How calls ended: {@code direction} out or in, {@code state} Ended or Failed. */
    public record CallOutcome(String direction, String state) implements Comparable<CallOutcome> {
        @Override
        public int compareTo(CallOutcome o) {
            int d = direction.compareTo(o.direction);
            return d != 0 ? d : state.compareTo(o.state);
        }
    }

    /**
     * One line's or link's state.
     *
     * @param unit the unit's id in a fleet, empty for the unit itself
     * @param name the line's EpId or the link's gateway
     * @param state its latest state
     */
    public record Row(String unit, String name, String state) {
    }
}
