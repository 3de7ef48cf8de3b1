package org.secureta.provisioning.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.secureta.transport.RegistrationState;
import org.secureta.transport.UnitEvent;

/**
 * Derives the unit's figures from its events (docs/events.md): REGISTRATION, TLS_LINK and CALL.
 * Nothing else is read, so that the data plane stays unaware of being measured, and the same
 * class serves one unit ({@code ./ta run}) or a fleet of units in one JVM: an event carrying a
 * {@code unit} attribute (other than a UNIT event, whose subject it is) belongs to that unit, and
 * its lines, links and calls are kept apart from the other units' under that id.
 *
 * <p>Counters only grow. A CALL event carries the call's media counters as they were at that
 * change of state, so the SRTP figures grow by each call's difference since its previous event
 * and are complete once the call has ended.
 *
 * <p>What it holds is bounded: one entry per line and per link (the units' configuration, which
 * no peer chooses), one per call in progress (at most {@value #MAX_CALLS_IN_PROGRESS}; the
 * call agent's SecureTA.MaxCalls limits them far lower) and the ids of the last
 * {@value #RECENTLY_ENDED} ended calls, to count a repeated final event once. Thread-safe.
 */
public final class UnitMetrics {

    /** Set-up time bounds, seconds: a call through a local proxy takes tens of ms, a lost INVITE retransmits after 0.5, 1, 2, 4 s (RFC 3261 17.1.1.2). */
    public static final double[] SETUP_BOUNDS = {0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    static final int MAX_CALLS_IN_PROGRESS = 100_000;
    static final int RECENTLY_ENDED = 4096;

    /** TLS_LINK states (docs/events.md); all are exposed, 0 included. */
    static final List<String> LINK_STATES = List.of("Up", "Down", "WaitingUp", "WaitingShutdown");
    /** CallState values of a call in progress (srtp-ta's enum is private to it). */
    static final List<String> CALL_STATES_IN_PROGRESS = List.of("Calling", "Ringing", "Connected", "OnHold");
    static final List<String> DIRECTIONS = List.of("out", "in");

    private record Key(String unit, String name) {
    }

    /** What is known of a call in progress: enough to count its changes once. */
    private static final class LiveCall {
        final String direction;
        String state;
        boolean connected;
        boolean setupObserved;
        long sent;
        long received;
        long authFailures;
        long replays;

        LiveCall(String direction) {
            this.direction = direction;
        }
    }

    private final Map<Key, String> lines = new HashMap<>();
    private final Map<Key, String> links = new HashMap<>();
    private final Map<Key, Boolean> linkWasUp = new HashMap<>();
    private final Map<Key, LiveCall> calls = new HashMap<>();
    private final Map<Key, Boolean> ended = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > RECENTLY_ENDED;
        }
    };
    private long registrationSuccesses;
    private final Map<String, Long> registrationFailures = new TreeMap<>();
    private long linkConnects;
    private long linkReconnects;
    private final Map<String, Long> callsStarted = new TreeMap<>();
    private final Map<String, Long> callsConnected = new TreeMap<>();
    private final Map<MetricsSnapshot.CallOutcome, Long> callsEnded = new TreeMap<>();
    private final Map<String, Long> callsFailedByCode = new TreeMap<>();
    private Histogram setup = Histogram.empty(SETUP_BOUNDS);
    private long srtpSent;
    private long srtpReceived;
    private long authFailures;
    private long replays;

    /** Takes one event of the unit itself, or of the fleet unit its {@code unit} attribute names. */
    public void accept(UnitEvent event) {
        String unit = UnitEvent.UNIT.equals(event.kind()) ? "" : event.attributes().getOrDefault("unit", "");
        accept(unit, event);
    }

    /** Takes one event of unit {@code unit} (empty: the unit itself). */
    public synchronized void accept(String unit, UnitEvent event) {
        switch (event.kind()) {
            case UnitEvent.REGISTRATION -> registration(new Key(unit, event.get("line")), event.get("state"));
            case UnitEvent.TLS_LINK -> link(new Key(unit, event.get("gateway")), event.get("state"));
            case UnitEvent.CALL -> call(new Key(unit, event.get("call")), event);
            default -> {
                // other kinds carry no figure
            }
        }
    }

    private void registration(Key line, String state) {
        if (line.name() == null || state == null) {
            return;
        }
        String before = lines.put(line, state);
        if (state.equals(before)) {
            return; // the same state again (a repeated event) is not another outcome
        }
        if (state.equals(RegistrationState.Registered.name())) {
            registrationSuccesses++;
        } else if (isFailure(state)) {
            registrationFailures.merge(state, 1L, Long::sum);
        }
    }

    private static boolean isFailure(String state) {
        return state.equals(RegistrationState.AuthFailed.name()) || state.equals(RegistrationState.Rejected.name())
                || state.equals(RegistrationState.Unreachable.name()) || state.equals(RegistrationState.InvalidResponse.name());
    }

    private void link(Key link, String state) {
        if (link.name() == null || state == null) {
            return;
        }
        String before = links.put(link, state);
        if (state.equals("Up") && !"Up".equals(before)) {
            linkConnects++;
            if (linkWasUp.put(link, Boolean.TRUE) != null) {
                linkReconnects++;
            }
        }
    }

    private void call(Key id, UnitEvent event) {
        String state = event.get("state");
        if (id.name() == null || state == null) {
            return;
        }
        boolean isFinal = state.equals("Ended") || state.equals("Failed");
        LiveCall call = calls.get(id);
        if (call == null) {
            if (ended.containsKey(id)) {
                return; // a final event seen again
            }
            call = new LiveCall(direction(event));
            callsStarted.merge(call.direction, 1L, Long::sum);
            if (!isFinal) {
                if (calls.size() >= MAX_CALLS_IN_PROGRESS) {
                    return; // counted as started; its later events are not followed (see the class comment)
                }
                calls.put(id, call);
            }
        }
        call.state = state;
        if (state.equals("Connected") && !call.connected) {
            call.connected = true;
            callsConnected.merge(call.direction, 1L, Long::sum);
        }
        String setupMs = event.get("setupMs");
        if (setupMs != null && !call.setupObserved) {
            long ms = number(setupMs);
            if (ms >= 0) {
                call.setupObserved = true;
                setup = setup.observe(ms / 1000.0);
            }
        }
        media(call, event);
        if (isFinal) {
            calls.remove(id);
            ended.put(id, Boolean.TRUE);
            callsEnded.merge(new MetricsSnapshot.CallOutcome(call.direction, state), 1L, Long::sum);
            if (state.equals("Failed")) {
                callsFailedByCode.merge(statusCode(event.get("reason")), 1L, Long::sum);
            }
        }
    }

    /** Adds what the call's counters grew by since its previous event. */
    private void media(LiveCall call, UnitEvent event) {
        long sent = number(event.get("sent"));
        long received = number(event.get("received"));
        long auth = number(event.get("authFailures"));
        long replayed = number(event.get("replays"));
        if ("yes".equals(event.get("secure"))) {
            srtpSent += Math.max(0, sent - call.sent);
            srtpReceived += Math.max(0, received - call.received);
        }
        authFailures += Math.max(0, auth - call.authFailures);
        replays += Math.max(0, replayed - call.replays);
        call.sent = Math.max(call.sent, sent);
        call.received = Math.max(call.received, received);
        call.authFailures = Math.max(call.authFailures, auth);
        call.replays = Math.max(call.replays, replayed);
    }

    private static String direction(UnitEvent event) {
        return "in".equals(event.get("direction")) ? "in" : "out";
    }

    /** {@code 486 Busy Here} gives 486; a reason without a status code (a transaction timeout, say) gives none. */
    static String statusCode(String reason) {
        if (reason != null && reason.length() >= 3 && reason.chars().limit(3).allMatch(c -> c >= '0' && c <= '9')
                && (reason.length() == 3 || reason.charAt(3) == ' ') && reason.charAt(0) >= '1' && reason.charAt(0) <= '6') {
            return reason.substring(0, 3);
        }
        return "none";
    }

    private static long number(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The figures now. */
    public synchronized MetricsSnapshot snapshot() {
        Map<String, Long> registrations = new TreeMap<>();
        for (RegistrationState s : RegistrationState.values()) {
            registrations.put(s.name(), 0L);
        }
        lines.values().forEach(s -> registrations.merge(s, 1L, Long::sum));
        // Every failure outcome from the start, at 0: rate() and increase() need the series before the first failure.
        Map<String, Long> failures = new TreeMap<>(registrationFailures);
        for (RegistrationState s : List.of(RegistrationState.AuthFailed, RegistrationState.Rejected, RegistrationState.Unreachable,
                RegistrationState.InvalidResponse)) {
            failures.putIfAbsent(s.name(), 0L);
        }
        Map<String, Long> linkStates = new TreeMap<>();
        LINK_STATES.forEach(s -> linkStates.put(s, 0L));
        links.values().forEach(s -> linkStates.merge(s, 1L, Long::sum));
        Map<String, Long> inProgress = new TreeMap<>();
        CALL_STATES_IN_PROGRESS.forEach(s -> inProgress.put(s, 0L));
        calls.values().forEach(c -> inProgress.merge(c.state, 1L, Long::sum));
        Map<String, Long> started = new TreeMap<>(callsStarted);
        Map<String, Long> connected = new TreeMap<>(callsConnected);
        Map<MetricsSnapshot.CallOutcome, Long> outcomes = new TreeMap<>(callsEnded);
        for (String d : DIRECTIONS) {
            started.putIfAbsent(d, 0L);
            connected.putIfAbsent(d, 0L);
            outcomes.putIfAbsent(new MetricsSnapshot.CallOutcome(d, "Ended"), 0L);
            outcomes.putIfAbsent(new MetricsSnapshot.CallOutcome(d, "Failed"), 0L);
        }
        return new MetricsSnapshot(new TreeMap<>(registrations), registrationSuccesses, new TreeMap<>(failures),
                new TreeMap<>(linkStates), linkConnects, linkReconnects, new TreeMap<>(inProgress), new TreeMap<>(started),
                new TreeMap<>(connected), new TreeMap<>(outcomes), new TreeMap<>(callsFailedByCode), setup,
                srtpSent, srtpReceived, authFailures, replays, rows(lines), rows(links));
    }

    private static List<MetricsSnapshot.Row> rows(Map<Key, String> states) {
        List<MetricsSnapshot.Row> rows = new ArrayList<>();
        states.forEach((k, s) -> rows.add(new MetricsSnapshot.Row(k.unit(), k.name(), s)));
        rows.sort((a, b) -> a.unit().equals(b.unit()) ? a.name().compareTo(b.name()) : a.unit().compareTo(b.unit()));
        return rows;
    }
}
