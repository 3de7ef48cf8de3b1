package org.secureta.provisioning.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.secureta.transport.UnitEvent;

class UnitStatusBoardTest {

    private static BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(UnitStatusBoardTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> null);
    }

    @Test
    void anEventDeliveredAgainAfterANewerOneOfItsSubjectDoesNotReplaceIt() {
        UnitStatusBoard board = new UnitStatusBoard(context());
        UnitEvent synchronising = UnitEvent.of(org.secureta.provisioning.time.ClockSynchroniser.KIND, "clock", "unit", "state", "Unsynchronised", "reason", "synchronising");
        UnitEvent synchronised = UnitEvent.of(org.secureta.provisioning.time.ClockSynchroniser.KIND, "clock", "unit", "state", "Synchronised");
        // Recorded directly in order, then EventAdmin's asynchronous copy of the first one arrives late.
        board.record(synchronising);
        board.record(synchronised);
        board.handleEvent(new Event(synchronising.topic(), synchronising.toProperties()));

        List<UnitEvent> clock = board.status().stream().filter(e -> e.kind().equals(org.secureta.provisioning.time.ClockSynchroniser.KIND)).toList();
        assertEquals(List.of("Synchronised"), clock.stream().map(e -> e.get("state")).toList());
        assertEquals(2, board.recent(10).size(), "each event once in the history: " + board.recent(10));
    }
}
