package org.secureta.launcher.fleet;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.secureta.srtp.CallAgentConfiguration;
import org.secureta.srtp.internal.CallAgent;
import org.secureta.srtp.internal.CallStatus;
import org.secureta.srtp.internal.KeyManagements;
import org.secureta.transport.GatewayConfiguration;
import org.secureta.transport.LineConfiguration;
import org.secureta.transport.TlsCredentials;
import org.secureta.transport.TransportConfiguration;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.internal.SipUnit;

/**
 * One unit of a fleet: the same SIP stack ({@link SipUnit}) and call agent ({@link CallAgent})
 * that a {@code ./ta run} unit's components build, from the same typed configurations, without
 * the framework around them. It follows its own events into the fleet's statistics: its link,
 * its line's registration, and the calls it placed (attempt, set-up time from the CALL Calling
 * to the CALL Connected event, failure reason, SRTP counters at the end) or answered (their SRTP
 * counters).
 */
final class FleetUnit implements AutoCloseable {

    /** What the fleet's load generator learns of a call this unit placed. */
    interface CallEnd {
        /** It connected: its hang-up is due after the call's length. */
        void connected(FleetUnit caller, String callId);

        /** It ended or failed: caller and callee are free again. */
        void ended(FleetUnit caller, String callId);
    }

    private final int index;
    private final String user;
    private final String line;
    private final String domain;
    private final FleetStatistics statistics;
    private final CallEnd callEnd;
    private final Consumer<String> problems;
    /** Every event of this unit, for the fleet's metrics (none by default). */
    private volatile java.util.function.BiConsumer<String, UnitEvent> observer = (unit, event) -> { };
    private final Map<String, Instant> calling = new ConcurrentHashMap<>();
    private final Map<String, Boolean> connected = new ConcurrentHashMap<>();
    private volatile SipUnit sip;
    private volatile CallAgent agent;
    private volatile boolean linkUp;
    private volatile boolean everUp;
    private volatile boolean registered;
    private volatile boolean everRegistered;
    private volatile String lastRegistrationState = "";
    private volatile String lastLinkProblem = "";
    private final java.util.concurrent.CountDownLatch firstOutcome = new java.util.concurrent.CountDownLatch(1);

    FleetUnit(int index, String user, String line, String domain, FleetStatistics statistics, CallEnd callEnd, Consumer<String> problems) {
        this.index = index;
        this.user = user;
        this.line = line;
        this.domain = domain;
        this.statistics = statistics;
        this.callEnd = callEnd;
        this.problems = problems;
    }

    /** Every event of this unit also goes to {@code observer}, with this unit's user. */
    void observedBy(java.util.function.BiConsumer<String, UnitEvent> observer) {
        this.observer = observer;
    }

    /** Builds and starts the stack and the agent; the link and registration proceed on their own (watch the events). */
    void start(TransportConfiguration transport, List<GatewayConfiguration> gateways, List<LineConfiguration> lines,
               TlsCredentials credentials, CallAgentConfiguration calls, KeyManagements keyManagements, InetAddress media,
               ScheduledExecutorService mediaScheduler) throws Exception {
        sip = SipUnit.start(new SipUnit.Setup(transport, gateways, lines, credentials, this::transportEvent).withClock(Clock.systemUTC()));
        agent = new CallAgent(sip, calls, keyManagements, this::callEvent, CallAgent.MediaSettings.at(media).withSharedScheduler(mediaScheduler));
    }

    int index() {
        return index;
    }

    String user() {
        return user;
    }

    boolean linkUp() {
        return linkUp;
    }

    boolean registered() {
        return registered;
    }

    String registrationState() {
        return lastRegistrationState;
    }

    /** Why this unit is not registered, as its last events say: the link's reason when it is not up, else the line's state. */
    String whyNotRegistered() {
        if (!linkUp && !lastLinkProblem.isEmpty()) {
            return lastLinkProblem;
        }
        return lastRegistrationState.isEmpty() ? "no registration outcome yet" : "line " + lastRegistrationState;
    }

    /** Waits until the line's first registration outcome (Registered or a failure), at most {@code timeout}. */
    boolean awaitFirstOutcome(Duration timeout) throws InterruptedException {
        return firstOutcome.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Calls {@code callee}'s user through the line's gateway. Returns the call id; a call that
     * cannot even be placed counts as an attempt that failed, with the reason.
     */
    Optional<String> call(FleetUnit callee) {
        CallAgent a = agent;
        if (a == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(a.call(line, "sip:" + callee.user + "@" + domain));
        } catch (Exception | LinkageError e) {
            statistics.attempt();
            statistics.failed("not placed: " + e.getMessage());
            return Optional.empty();
        }
    }

    void hangup(String id) {
        CallAgent a = agent;
        if (a != null) {
            a.hangup(id).exceptionally(failure -> null);
        }
    }

    private void transportEvent(UnitEvent event) {
        observer.accept(user, event);
        String state = attr(event, "state");
        switch (event.kind()) {
            case UnitEvent.TLS_LINK -> {
                boolean up = "Up".equals(state);
                if (!up && !attr(event, "reason").isEmpty()) {
                    lastLinkProblem = "link " + state + ": " + attr(event, "reason");
                }
                if (linkUp && !up) {
                    statistics.linkLost();
                }
                linkUp = up;
                everUp |= up;
            }
            case UnitEvent.REGISTRATION -> {
                lastRegistrationState = state + (attr(event, "reason").isEmpty() ? "" : " (" + attr(event, "reason") + ")");
                if ("Registered".equals(state)) {
                    statistics.registered(everRegistered);
                    everRegistered = true;
                    registered = true;
                    firstOutcome.countDown();
                } else if (List.of("AuthFailed", "Rejected", "Unreachable", "InvalidResponse").contains(state)) {
                    statistics.registrationFailed();
                    registered = false;
                    firstOutcome.countDown();
                } else if (!"Registering".equals(state)) {
                    registered = false;
                }
            }
            case UnitEvent.ERROR -> problems.accept("unit " + user + ": " + attr(event, "message"));
            default -> {
                // TRANSPORT, LIMIT: nothing the statistics count
            }
        }
    }

    private void callEvent(UnitEvent event) {
        observer.accept(user, event);
        if (!UnitEvent.CALL.equals(event.kind())) {
            if (UnitEvent.ERROR.equals(event.kind())) {
                problems.accept("unit " + user + ": " + attr(event, "message"));
            }
            return;
        }
        String id = attr(event, "call");
        String state = attr(event, "state");
        CallAgent a = agent;
        Optional<CallStatus> status = a == null ? Optional.empty() : a.status(id);
        boolean outgoing = status.map(CallStatus::outgoing).orElse(calling.containsKey(id));
        if (!outgoing) {
            if ("Ended".equals(state) || "Failed".equals(state)) {
                statistics.media(number(event, "sent"), number(event, "received"), number(event, "authFailures"), number(event, "replays"), number(event, "strays"));
            }
            return;
        }
        switch (state) {
            case "Calling" -> {
                if (calling.putIfAbsent(id, event.time()) == null) {
                    statistics.attempt();
                }
            }
            case "Connected" -> {
                Instant placed = calling.get(id);
                if (placed != null && connected.putIfAbsent(id, Boolean.TRUE) == null) {
                    statistics.connected(Duration.between(placed, event.time()).toMillis(), "yes".equals(attr(event, "secure")));
                    callEnd.connected(this, id);
                }
            }
            case "Ended", "Failed" -> {
                if (calling.remove(id) == null) {
                    // Failed before its Calling event (refused at once): still an attempt.
                    statistics.attempt();
                }
                if (connected.remove(id) != null) {
                    statistics.ended(number(event, "sent"), number(event, "received"), number(event, "authFailures"), number(event, "replays"), number(event, "strays"));
                } else {
                    String reason = attr(event, "reason");
                    statistics.failed("Ended".equals(state) ? "ended before it was answered" + (reason.isEmpty() ? "" : ": " + reason) : reason);
                }
                callEnd.ended(this, id);
            }
            default -> {
                // Ringing, OnHold: not counted
            }
        }
    }

    private static String attr(UnitEvent event, String name) {
        String value = event.get(name);
        return value == null ? "" : value;
    }

    private static long number(UnitEvent event, String name) {
        try {
            return Long.parseLong(attr(event, name));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        CallAgent a = agent;
        if (a != null) {
            a.close();
        }
        SipUnit s = sip;
        if (s != null) {
            s.close();
        }
    }
}
