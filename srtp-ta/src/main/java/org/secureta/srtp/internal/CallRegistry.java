package org.secureta.srtp.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls of one agent, by the unit's call number and by SIP Call-ID. Numbers come from a
 * {@link Numbers} that may outlive the agent, so that a reconfigured agent goes on counting
 * (events and CDRs of two calls never share a number).
 */
final class CallRegistry {

    /** The unit's call numbers: 1, 2, 3, ... for as long as the instance lives. */
    static final class Numbers {
        private final AtomicLong last = new AtomicLong();

        String next() {
            return Long.toString(last.incrementAndGet());
        }
    }

    /** RFC 3261 timers B/F (64*T1): late retransmissions of an ended call still find it. */
    static final long KEEP_CALL_ID_SECONDS = 32;
    /** How long {@code ta:calls} still lists an ended call. */
    static final long KEEP_LISTED_MINUTES = 5;

    private final Numbers numbers;
    private final Map<String, Call> byId = new LinkedHashMap<>();
    private final Map<String, Call> byCallId = new LinkedHashMap<>();
    /** The calls not known to be over yet: ended ones leave it at the next {@link #live}. */
    private final Set<Call> inProgress = new LinkedHashSet<>();

    CallRegistry(Numbers numbers) {
        this.numbers = numbers;
    }

    String nextNumber() {
        return numbers.next();
    }

    synchronized void add(Call call) {
        byId.put(call.id, call);
        byCallId.put(call.callId(), call);
        inProgress.add(call);
    }

    /** The call now known by a new Call-ID (SecureWithFallback calls again with a new one). */
    synchronized void changeCallId(Call call, String oldCallId) {
        byCallId.remove(oldCallId);
        byCallId.put(call.callId(), call);
    }

    synchronized Optional<Call> byCallId(String callId) {
        return Optional.ofNullable(byCallId.get(callId));
    }

    synchronized Optional<Call> byNumber(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** @throws IllegalArgumentException naming the known calls */
    synchronized Call find(String id) {
        Call call = byId.get(id);
        if (call == null) {
            throw new IllegalArgumentException("no call " + id + "; calls: " + byId.keySet());
        }
        return call;
    }

    synchronized List<Call> all() {
        return new ArrayList<>(byId.values());
    }

    /**
     * Calls not over yet, on {@code line} or, with null, on every line. Runs at every call's start
     * and end (the call limits, pending settings), so it looks only at the calls in progress, not
     * at the ended ones still listed for {@value #KEEP_LISTED_MINUTES} minutes (thousands under a
     * call load); it reads each call's volatile state and takes no call's monitor, so it cannot
     * deadlock with a thread that holds another call's monitor while it asks (two calls ending at
     * once).
     */
    synchronized List<Call> live(String line) {
        List<Call> live = new ArrayList<>();
        for (Iterator<Call> calls = inProgress.iterator(); calls.hasNext(); ) {
            Call call = calls.next();
            if (call.state.isFinal()) {
                calls.remove();
            } else if (line == null || line.equals(call.line)) {
                live.add(call);
            }
        }
        return live;
    }

    /** Forgets an ended call: its Call-ID after {@value #KEEP_CALL_ID_SECONDS} s, its number later. */
    void forgetLater(Call call, ScheduledExecutorService scheduler) {
        String callId = call.callId();
        scheduler.schedule(() -> {
            synchronized (this) {
                byCallId.remove(callId, call);
            }
        }, KEEP_CALL_ID_SECONDS, TimeUnit.SECONDS);
        scheduler.schedule(() -> {
            synchronized (this) {
                byId.remove(call.id, call);
            }
        }, KEEP_LISTED_MINUTES, TimeUnit.MINUTES);
    }
}
