package org.secureta.provisioning.time;

import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.secureta.provisioning.web.UnitManagement;
import org.secureta.transport.UnitEvent;

/**
 * The unit's time (Network > Host, NTP): synchronises by SNTP every Hoc.SntpSynchronizationPeriod
 * minutes (every {@link #RETRY} until the first success), posts {@code CLOCK} events, and offers
 * the corrected clock to the data plane as a {@link java.time.Clock} service with these properties:
 * <ul>
 * <li>{@code secureta.clock=unit}</li>
 * <li>{@code secureta.clock.synchronised}: Boolean</li>
 * <li>{@code secureta.clock.allowUnsynchronised}: Boolean, SecureTA.LabAllowUnsynchronisedClock</li>
 * <li>{@code secureta.clock.usable}: Boolean, synchronised or allowed unsynchronised: security
 * features (TLS, SRTP) may come up only while it is true. A component that needs a trusted time
 * references the service with the target {@value #USABLE_FILTER}; it then does not start before
 * the clock is usable, and checks certificates against this clock.</li>
 * <li>{@code secureta.clock.offsetMillis}: Long, the correction applied</li>
 * </ul>
 * The data plane needs no SecureTA type for this: {@code java.time.Clock} is the service type.
 */
@Component(service = {}, immediate = true)
public final class TimeComponent {

    public static final String USABLE_FILTER = "(&(secureta.clock=unit)(secureta.clock.usable=true))";
    static final Duration RETRY = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final UnitManagement unit;
    private final UnitClock clock = UnitClock.systemUtc();
    private final ClockSynchroniser synchroniser = new ClockSynchroniser(clock, Clock.systemUTC(), TIMEOUT);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "secureta-sntp");
        t.setDaemon(true);
        return t;
    });
    private final ServiceRegistration<Clock> registration;
    private final ServiceRegistration<EventHandler> handler;
    private SntpSettings settings;
    private ScheduledFuture<?> next;

    @Activate
    public TimeComponent(BundleContext context, @Reference UnitManagement unit) {
        this.unit = unit;
        this.settings = SntpSettings.from(unit.running());
        this.registration = context.registerService(Clock.class, clock, properties());
        if (settings.whyNoServer().isEmpty()) {
            // The first round may take a few timeouts: say what is under way meanwhile.
            unit.post(UnitEvent.of(ClockSynchroniser.KIND, "clock", "unit", "state", "Unsynchronised",
                    "reason", "synchronising with " + String.join(", ", settings.servers())));
        }
        schedule(Duration.ZERO);
        // Registered by hand once active (see SyslogComponent).
        Dictionary<String, Object> topic = new Hashtable<>();
        topic.put(EventConstants.EVENT_TOPIC, UnitEvent.TOPIC_PREFIX + UnitEvent.PROFILE);
        this.handler = context.registerService(EventHandler.class, this::handleEvent, topic);
    }

    /** Profile changes apply at once: a new server list or period starts a new round now. */
    void handleEvent(Event event) {
        SntpSettings changed;
        try {
            changed = SntpSettings.from(unit.running());
        } catch (IllegalStateException e) {
            return;
        }
        synchronized (this) {
            if (changed.equals(settings)) {
                return;
            }
            boolean onlyOverride = changed.servers().equals(settings.servers()) && changed.period().equals(settings.period())
                    && changed.configSource().equals(settings.configSource());
            settings = changed;
            updateProperties();
            if (!onlyOverride) {
                schedule(Duration.ZERO);
            }
        }
    }

    private synchronized void schedule(Duration delay) {
        if (next != null) {
            next.cancel(false);
        }
        next = scheduler.schedule(this::round, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        SntpSettings current;
        synchronized (this) {
            current = settings;
        }
        UnitEvent outcome = synchroniser.synchronise(current);
        // The CLOCK event first: updating the clock service starts the transport at once (in this
        // thread, through SCR), and its TRANSPORT Started must not come before the reason for it.
        unit.post(outcome);
        updateProperties();
        boolean ok = synchroniser.state().synchronised() && synchroniser.state().reason().isEmpty();
        schedule(ok || current.whyNoServer().isPresent() ? current.period() : min(RETRY, current.period()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private synchronized void updateProperties() {
        try {
            registration.setProperties(properties());
        } catch (IllegalStateException e) {
            // Unregistered: the component is going away.
        }
    }

    private Dictionary<String, Object> properties() {
        ClockState state = synchroniser.state();
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("secureta.clock", "unit");
        p.put("secureta.clock.synchronised", state.synchronised());
        p.put("secureta.clock.allowUnsynchronised", settings.allowUnsynchronised());
        p.put("secureta.clock.usable", state.synchronised() || settings.allowUnsynchronised());
        p.put("secureta.clock.offsetMillis", state.offset().toMillis());
        return p;
    }

    /** For the status page. */
    public ClockState state() {
        return synchroniser.state();
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        try {
            handler.unregister();
            registration.unregister();
        } catch (IllegalStateException e) {
            // gone with the bundle
        }
    }
}
