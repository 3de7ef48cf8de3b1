package org.secureta.transport.internal;

import org.secureta.transport.UnitEvent;

/** Where the unit's events go: EventAdmin in the framework, a list in tests. */
@FunctionalInterface
public interface UnitEventSink {
    void post(UnitEvent event);
}
