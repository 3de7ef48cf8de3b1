package org.secureta.transport.internal;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.secureta.transport.Transport;
import org.secureta.transport.TransportConfiguration;
import org.secureta.transport.UnitEvent;

/**
 * Says why the configured transport is not there yet: {@link SipTransportComponent} waits for the
 * unit's clock to be usable (synchronised by SNTP, or the lab override on), and a component that
 * does not exist cannot say so. While the transport is configured and no usable unit clock is
 * registered, this posts {@code TRANSPORT transport=... state=WaitingForClock}; the transport's
 * own events replace it in the status once it starts.
 */
@Component(configurationPid = TransportConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {})
public final class ClockGateComponent {

    public static final String WAITING_STATE = "WaitingForClock";
    static final String REASON = "waiting for a synchronised clock (SNTP, Hoc.StaticSntpServers) before the SIP transport starts:"
            + " certificate validity dates cannot be checked without it (lab override: SecureTA.LabAllowUnsynchronisedClock)";

    private final Map<Object, Boolean> usableByClock = new ConcurrentHashMap<>();
    @Reference
    private EventAdmin events;
    private Transport transport;
    private boolean active;
    private boolean waitingPosted;
    private BundleContext context;

    /** After the clocks present are bound (DS binds them before activation), so the first verdict is right. */
    @Activate
    synchronized void activate(TransportConfiguration config, BundleContext bundleContext) {
        transport = config.transport();
        context = bundleContext;
        active = true;
        review();
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
    }

    @Reference(service = Clock.class, target = "(secureta.clock=unit)", cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeClock", updated = "updateClock")
    void addClock(Clock clock, Map<String, Object> properties) {
        usableByClock.put(clock, Boolean.TRUE.equals(properties.get("secureta.clock.usable")));
        review();
    }

    void updateClock(Clock clock, Map<String, Object> properties) {
        addClock(clock, properties);
    }

    void removeClock(Clock clock) {
        usableByClock.remove(clock);
        review();
    }

    private synchronized void review() {
        if (!active) {
            return;
        }
        boolean usable = usableByClock.containsValue(Boolean.TRUE);
        if (!usable && !waitingPosted && !shuttingDown()) {
            UnitEvent waiting = UnitEvent.of(UnitEvent.TRANSPORT, "transport", transport.name(), "state", WAITING_STATE, "reason", REASON);
            events.postEvent(new Event(waiting.topic(), waiting.toProperties()));
        }
        waitingPosted = !usable;
    }

    /**
     * While the unit stops, the clock goes before the transport: that is no wait for a clock, and
     * announcing one would be the unit's last, misleading line.
     */
    private boolean shuttingDown() {
        if (context == null) {
            return false;
        }
        try {
            Bundle system = context.getBundle(0);
            return (system != null && system.getState() == Bundle.STOPPING) || context.getBundle().getState() == Bundle.STOPPING;
        } catch (IllegalStateException e) {
            // The context is no longer valid: this bundle is stopping.
            return true;
        }
    }
}
