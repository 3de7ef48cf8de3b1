package org.secureta.transport.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.secureta.transport.GatewayConfiguration;
import org.secureta.transport.LineConfiguration;
import org.secureta.transport.LinkStatus;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.RegistrationStatus;
import org.secureta.transport.SipMessageListener;
import org.secureta.transport.SipMessageRecord;
import org.secureta.transport.SipResponse;
import org.secureta.transport.SipTransport;
import org.secureta.transport.SipTransportException;
import org.secureta.transport.SipTransportListener;
import org.secureta.transport.TlsCredentials;
import org.secureta.transport.Transport;
import org.secureta.transport.TransportConfiguration;
import org.secureta.transport.UnitEvent;

/**
 * The unit's signalling transport. It exists only once provisioning has written its
 * configuration (policy REQUIRE), and a changed configuration restarts it, which is how
 * "restart required services" reaches the data plane. Gateways and lines are the factory
 * configurations {@link GatewayConfiguration#FACTORY_PID} and {@link LineConfiguration#FACTORY_PID};
 * their changes take effect at once (see {@link #configurationEvent}). Certificates come from a {@link TlsCredentials} service (the
 * certificate service); a new one restarts the transport. It needs the unit's trusted clock
 * ({@link #TRUSTED_CLOCK}); {@link ClockGateComponent} says why while there is none. Every SIP
 * message goes to the {@link SipMessageListener} services (whiteboard).
 */
@Component(
        configurationPid = TransportConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true,
        service = {SipTransport.class, ConfigurationListener.class})
@Designate(ocd = TransportConfiguration.class)
public final class SipTransportComponent implements SipTransport, ConfigurationListener {

    private static final System.Logger LOG = System.getLogger(SipTransportComponent.class.getName());

    /**
     * The unit's clock service once it may be trusted (SNTP synchronised, or the lab override
     * SecureTA.LabAllowUnsynchronisedClock): certificate dates mean nothing before that, so the
     * transport does not start before it (the guide makes NTP mandatory with TLS).
     */
    static final String TRUSTED_CLOCK = "(&(secureta.clock=unit)(secureta.clock.usable=true))";

    /** The whiteboard of message listeners (the ladder, troubleshooting tools); they come and go. */
    private final List<SipMessageListener> messageListeners = new CopyOnWriteArrayList<>();
    /** The call agent's listeners, carried over to a unit restarted for a changed gateway. */
    private final List<SipTransportListener> transportListeners = new CopyOnWriteArrayList<>();
    private final EventAdmin events;
    private final ConfigurationAdmin configurations;
    private final Clock unitClock;
    private final TlsCredentials credentials;
    private final TransportConfiguration config;
    /** Applies gateway and line changes, coalescing the burst of events a profile change makes. */
    private final ScheduledExecutorService changes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "secureta-transport-config");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean gatewaysChanged = new AtomicBoolean();
    private ScheduledFuture<?> pendingChange;
    private volatile SipUnit unit;
    private volatile boolean deactivated;

    @Activate
    public SipTransportComponent(@Reference EventAdmin events, @Reference ConfigurationAdmin configurations,
                                 @Reference(target = TRUSTED_CLOCK) Clock unitClock,
                                 @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
                                 TlsCredentials credentials,
                                 TransportConfiguration config) {
        this.events = events;
        this.configurations = configurations;
        this.unitClock = unitClock;
        this.credentials = credentials;
        this.config = config;
        post(UnitEvent.of(UnitEvent.TRANSPORT,
                "transport", config.transport().name(),
                "state", "Configured",
                "basePort", Integer.toString(config.persistentBasePort()),
                "failbackInterval", Integer.toString(config.failbackInterval()),
                "tlsVersion", config.tlsVersion().name(),
                "validation", config.certificateValidation().name()));
        this.unit = startUnit();
    }

    private SipUnit startUnit() {
        try {
            if (config.transport() == Transport.TLS && credentials == null) {
                throw new IllegalArgumentException("no certificates available (no TlsCredentials service): TLS links stay Down");
            }
            SipUnit started = SipUnit.start(new SipUnit.Setup(config,
                    read(configurations, GatewayConfiguration.FACTORY_PID, GatewayConfiguration.class),
                    read(configurations, LineConfiguration.FACTORY_PID, LineConfiguration.class),
                    credentials, this::post).withClock(unitClock).withMessageListener(this::messageSeen));
            transportListeners.forEach(started::addListener);
            return started;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException | InvalidSyntaxException e) {
            LOG.log(System.Logger.Level.ERROR, "SIP transport not started: " + e.getMessage(), e);
            post(UnitEvent.of(UnitEvent.ERROR, "source", "tls-transport", "state", "Error",
                    "message", "SIP transport not started: " + e.getMessage()));
            return null;
        }
    }

    /**
     * Gateways and lines are factory configurations: a change takes effect at once. A changed
     * line re-registers alone; a changed, added or removed gateway restarts the unit's stack
     * (its servers, links and local ports may all change), re-registering every line.
     */
    @Override
    public void configurationEvent(ConfigurationEvent event) {
        boolean gateway = GatewayConfiguration.FACTORY_PID.equals(event.getFactoryPid());
        if (!gateway && !LineConfiguration.FACTORY_PID.equals(event.getFactoryPid())) {
            return;
        }
        if (gateway) {
            gatewaysChanged.set(true);
        }
        synchronized (changes) {
            if (deactivated) {
                return;
            }
            if (pendingChange != null) {
                pendingChange.cancel(false);
            }
            pendingChange = changes.schedule(this::applyChanges, COALESCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static final Duration COALESCE = Duration.ofMillis(200);

    private void applyChanges() {
        if (deactivated) {
            return;
        }
        SipUnit current = unit;
        try {
            // Events also arrive for what the unit already runs with (written just before it started).
            if (gatewaysChanged.getAndSet(false) && (current == null || !sameGateways(current.gatewayConfigurations(),
                    read(configurations, GatewayConfiguration.FACTORY_PID, GatewayConfiguration.class)))) {
                if (current != null) {
                    current.close();
                }
                unit = deactivated ? null : startUnit();
                return;
            }
            if (current != null) {
                current.updateLines(read(configurations, LineConfiguration.FACTORY_PID, LineConfiguration.class));
            }
        } catch (IOException | InvalidSyntaxException | IllegalArgumentException e) {
            post(UnitEvent.of(UnitEvent.ERROR, "source", "tls-transport", "state", "Error",
                    "message", "line configuration not applied: " + e.getMessage()));
        }
    }

    private static boolean sameGateways(List<GatewayConfiguration> running, List<GatewayConfiguration> configured) {
        return describe(running).equals(describe(configured));
    }

    private static java.util.Set<String> describe(List<GatewayConfiguration> gateways) {
        java.util.Set<String> result = new java.util.HashSet<>();
        for (GatewayConfiguration g : gateways) {
            result.add(String.join("|", g.name(), g.type(), Integer.toString(g.port()), Integer.toString(g.securePort()),
                    g.registrarHost(), g.proxyHost(), g.outboundProxyHost()));
        }
        return result;
    }

    private static <A extends java.lang.annotation.Annotation> List<A> read(ConfigurationAdmin configurations, String factoryPid,
                                                                          Class<A> type) throws IOException, InvalidSyntaxException {
        Configuration[] found = configurations.listConfigurations("(service.factoryPid=" + factoryPid + ")");
        List<A> result = new ArrayList<>();
        for (Configuration configuration : found == null ? new Configuration[0] : found) {
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties == null) {
                continue;
            }
            Map<String, Object> map = new HashMap<>();
            for (String key : Collections.list(properties.keys())) {
                map.put(key, properties.get(key));
            }
            result.add(ConfigProxies.of(type, map));
        }
        return result;
    }

    @Reference(service = SipMessageListener.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindMessageListener")
    void bindMessageListener(SipMessageListener listener) {
        messageListeners.add(listener);
    }

    void unbindMessageListener(SipMessageListener listener) {
        // By identity: a service object's equals is its own business.
        messageListeners.removeIf(bound -> bound == listener);
    }

    /** Every listener sees every message; one that throws is logged and the others still see it. */
    private void messageSeen(SipMessageRecord message) {
        for (SipMessageListener listener : messageListeners) {
            try {
                listener.messageSeen(message);
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "SIP message listener " + listener.getClass().getName() + " failed on "
                        + message.firstLine() + ": " + e);
                LOG.log(System.Logger.Level.DEBUG, "SIP message listener failure", e);
            }
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (changes) {
            deactivated = true;
        }
        changes.shutdownNow();
        try {
            changes.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SipUnit unit = this.unit;
        if (unit != null) {
            unit.close();
        } else {
            post(UnitEvent.of(UnitEvent.TRANSPORT, "transport", config.transport().name(), "state", "Stopped"));
        }
    }

    private void post(UnitEvent event) {
        events.postEvent(new Event(event.topic(), event.toProperties()));
    }

    @Override
    public Transport transport() {
        return config.transport();
    }

    @Override
    public CompletionStage<SipResponse> sendRequest(String line, OutgoingRequest request) {
        if (unit == null) {
            return CompletableFuture.failedFuture(new SipTransportException("the SIP transport did not start; see the ERROR event"));
        }
        return unit.sendRequest(line, request);
    }

    @Override
    public List<LinkStatus> links() {
        return unit == null ? List.of() : unit.links();
    }

    @Override
    public List<RegistrationStatus> registrations() {
        return unit == null ? List.of() : unit.registrations();
    }

    @Override
    public void addListener(SipTransportListener listener) {
        transportListeners.add(listener);
        SipUnit current = unit;
        if (current != null) {
            current.addListener(listener);
        }
    }

    @Override
    public void removeListener(SipTransportListener listener) {
        transportListeners.remove(listener);
        SipUnit current = unit;
        if (current != null) {
            current.removeListener(listener);
        }
    }
}
