package org.secureta.provisioning.time;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.secureta.transport.UnitEvent;

/**
 * One synchronisation round: asks the configured servers in order until one answers well, then
 * applies its offset to the {@link UnitClock}. Once synchronised the clock stays synchronised
 * when a later round fails (it keeps the last correction, as an NTP client in holdover), and
 * says so.
 */
public final class ClockSynchroniser {

    /** The kind of the unit event this posts: {@code CLOCK clock=unit state=... }. */
    public static final String KIND = "CLOCK";

    private final UnitClock clock;
    private final SntpClient client;
    private final Clock host;
    private volatile ClockState state = ClockState.unsynchronised("not synchronised yet");

    public ClockSynchroniser(UnitClock clock, Clock host, Duration timeout) {
        this.clock = clock;
        this.host = host;
        this.client = new SntpClient(host, timeout);
    }

    public ClockState state() {
        return state;
    }

    /** Runs one round with {@code settings}; returns the event that describes the outcome. */
    public synchronized UnitEvent synchronise(SntpSettings settings) {
        Optional<String> noServer = settings.whyNoServer();
        if (noServer.isPresent()) {
            return failed(noServer.get());
        }
        List<String> failures = new ArrayList<>();
        for (String server : settings.servers()) {
            try {
                SntpResult result = client.query(server);
                clock.setOffset(result.offset());
                state = new ClockState(true, result.offset(), Optional.of(result), Optional.of(host.instant().plus(result.offset())), "");
                return UnitEvent.of(KIND, "clock", "unit", "state", "Synchronised", "offset", state.offsetText(),
                        "server", server, "stratum", Integer.toString(result.stratum()),
                        "delayMs", Long.toString(result.roundTripDelay().toMillis()));
            } catch (SntpException e) {
                failures.add(e.getMessage());
            }
        }
        return failed(String.join("; ", failures));
    }

    private UnitEvent failed(String reason) {
        ClockState before = state;
        if (before.synchronised()) {
            // Holdover: keep the last correction; security features stay up.
            state = new ClockState(true, before.offset(), before.lastResult(), before.synchronisedAt(), reason);
            return UnitEvent.of(KIND, "clock", "unit", "state", "Synchronised", "offset", before.offsetText(),
                    "server", before.lastResult().map(SntpResult::server).orElse("-"),
                    "reason", "last synchronisation failed, keeping the previous correction: " + reason);
        }
        state = ClockState.unsynchronised(reason);
        return UnitEvent.of(KIND, "clock", "unit", "state", "Unsynchronised", "reason", reason);
    }
}
