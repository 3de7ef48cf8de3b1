package org.secureta.provisioning.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The unit's time for components that start before the time component: reads the unit clock
 * service ({@code secureta.clock=unit}) at each call, and the host's clock while there is none
 * yet. Meant for rare calls such as checking an uploaded certificate's validity.
 */
public final class UnitClockService extends Clock {

    private final BundleContext context;

    public UnitClockService(BundleContext context) {
        this.context = context;
    }

    @Override
    public Instant instant() {
        try {
            for (ServiceReference<Clock> reference : context.getServiceReferences(Clock.class, "(secureta.clock=unit)")) {
                Clock unit = context.getService(reference);
                if (unit != null) {
                    try {
                        return unit.instant();
                    } finally {
                        context.ungetService(reference);
                    }
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // a constant filter; or the framework is stopping: the host's time will do
        }
        return Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("the unit clock is UTC");
        }
        return this;
    }
}
