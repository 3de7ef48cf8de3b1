package org.secureta.example.cdr;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.secureta.transport.UnitEvent;

/**
 * Follows calls through their CALL events (docs/calls.md: {@code Calling}, {@code Ringing},
 * {@code Connected}, {@code OnHold}, then {@code Ended} or {@code Failed}) and gives the record of
 * each call when it is over. Not thread-safe: the component feeds it one event at a time.
 */
final class CallTracker {

    private record Progress(Instant start, Optional<Instant> answer) {
    }

    private final Map<String, Progress> open = new HashMap<>();

    /** The record of the call this event finishes, if it finishes one. */
    Optional<CallDetailRecord> accept(UnitEvent event) {
        if (!UnitEvent.CALL.equals(event.kind())) {
            return Optional.empty();
        }
        String call = event.get("call");
        String state = event.get("state");
        if (call == null || state == null) {
            return Optional.empty();
        }
        Progress progress = open.get(call);
        if (progress == null || state.equals("Calling") && progress.answer().isPresent()) {
            // A new call (call numbers restart with the call agent), or the first event we see of it.
            progress = new Progress(event.time(), Optional.empty());
        }
        if ((state.equals("Connected") || state.equals("OnHold")) && progress.answer().isEmpty()) {
            progress = new Progress(progress.start(), Optional.of(event.time()));
        }
        if (!state.equals("Ended") && !state.equals("Failed")) {
            open.put(call, progress);
            return Optional.empty();
        }
        open.remove(call);
        return Optional.of(new CallDetailRecord(call, progress.start(), progress.answer(), event.time(), text(event, "peer"),
                "yes".equals(event.get("secure")), text(event, "keyManagement"), text(event, "suite"), number(event, "sent"),
                number(event, "received"), number(event, "authFailures"), text(event, "reason")));
    }

    /** Calls started and not finished yet. */
    int openCalls() {
        return open.size();
    }

    private static String text(UnitEvent event, String attribute) {
        String v = event.get(attribute);
        return v == null ? "" : v;
    }

    private static long number(UnitEvent event, String attribute) {
        try {
            return Long.parseLong(text(event, attribute));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
