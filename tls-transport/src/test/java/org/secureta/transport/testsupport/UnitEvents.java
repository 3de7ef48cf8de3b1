package org.secureta.transport.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.secureta.transport.UnitEvent;
import org.secureta.transport.internal.UnitEventSink;

/** The events a unit posted, in order, with waiting helpers. */
public final class UnitEvents implements UnitEventSink {

    private final List<UnitEvent> events = new ArrayList<>();

    @Override
    public synchronized void post(UnitEvent event) {
        events.add(event);
        notifyAll();
    }

    public synchronized List<UnitEvent> all() {
        return List.copyOf(events);
    }

    public synchronized List<UnitEvent> matching(Predicate<UnitEvent> filter) {
        return events.stream().filter(filter).toList();
    }

    /** Waits for the first event (already posted or to come) that matches. */
    public synchronized UnitEvent await(Predicate<UnitEvent> filter, Duration timeout) throws InterruptedException {
        return awaitAfter(0, filter, timeout);
    }

    /** Waits for an event, posted at index {@code from} or later, that matches. */
    public synchronized UnitEvent awaitAfter(int from, Predicate<UnitEvent> filter, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int index = from;
        while (true) {
            for (; index < events.size(); index++) {
                if (filter.test(events.get(index))) {
                    return events.get(index);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching event within " + timeout + "; events were:\n" + describe());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public synchronized int size() {
        return events.size();
    }

    public synchronized String describe() {
        StringBuilder text = new StringBuilder();
        events.forEach(e -> text.append("  ").append(e.toLine()).append('\n'));
        return text.toString();
    }

    public static Predicate<UnitEvent> registration(String line, String state) {
        return e -> e.kind().equals(UnitEvent.REGISTRATION) && line.equals(e.get("line")) && state.equals(e.get("state"));
    }

    public static Predicate<UnitEvent> link(String gateway, String state) {
        return e -> e.kind().equals(UnitEvent.TLS_LINK) && gateway.equals(e.get("gateway")) && state.equals(e.get("state"));
    }
}
