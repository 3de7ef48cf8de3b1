package org.secureta.provisioning.syslog;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Dictionary;
import java.util.Hashtable;
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
 * The unit's syslog: every unit event that passes its service's minimum severity goes to
 * SecureTA.SyslogRemoteHost as an RFC 5424 message over UDP. The settings are read again after
 * each PROFILE event, so a change applies at once, as on the unit.
 */
@Component(service = {}, immediate = true)
public final class SyslogComponent {

    private final UnitManagement unit;
    private final UnitSyslog syslog;
    private final ServiceRegistration<EventHandler> handler;

    /*
     * The event handler is registered by hand once the component is active: a handler service
     * that DS would still have to activate (and that needs the unit) could hold up EventAdmin's
     * delivery of the unit's first events.
     */
    @Activate
    public SyslogComponent(BundleContext context, @Reference UnitManagement unit) {
        this.unit = unit;
        this.syslog = new UnitSyslog(localHostName(), problem -> unit.post(problem));
        syslog.configure(SyslogSettings.from(unit.running()));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, UnitEvent.TOPIC_ALL);
        this.handler = context.registerService(EventHandler.class, this::handleEvent, properties);
    }

    void handleEvent(Event event) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String name : event.getPropertyNames()) {
            properties.put(name, event.getProperty(name));
        }
        UnitEvent unitEvent;
        try {
            unitEvent = UnitEvent.fromProperties(event.getTopic(), properties);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (UnitEvent.PROFILE.equals(unitEvent.kind())) {
            try {
                syslog.configure(SyslogSettings.from(unit.running()));
            } catch (IllegalStateException e) {
                return; // the unit has no valid profile and is stopping
            }
        }
        syslog.send(unitEvent);
    }

    @Deactivate
    void deactivate() {
        try {
            handler.unregister();
        } catch (IllegalStateException e) {
            // gone with the bundle
        }
        syslog.close();
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "secureta";
        }
    }

    /** Keeps the one sender the settings ask for. */
    static final class UnitSyslog implements AutoCloseable {
        private final String hostName;
        private final java.util.function.Consumer<UnitEvent> problems;
        private SyslogSettings settings;
        private SyslogSender sender;

        UnitSyslog(String hostName, java.util.function.Consumer<UnitEvent> problems) {
            this.hostName = hostName;
            this.problems = problems;
        }

        synchronized void configure(SyslogSettings newSettings) {
            if (newSettings.equals(settings)) {
                return;
            }
            Optional<String> oldHost = settings == null ? Optional.empty() : settings.remoteHost();
            settings = newSettings;
            if (oldHost.equals(newSettings.remoteHost()) && (sender != null || oldHost.isEmpty())) {
                return;
            }
            close();
            if (newSettings.remoteHost().isEmpty()) {
                return;
            }
            InetSocketAddress receiver = newSettings.receiver().orElseThrow();
            if (receiver.isUnresolved()) {
                problems.accept(UnitEvent.of(UnitEvent.ERROR, "source", "syslog", "state", "Warning",
                        "message", "SecureTA.SyslogRemoteHost " + newSettings.remoteHost().get() + " does not resolve; syslog is off"));
                return;
            }
            try {
                sender = new SyslogSender(receiver);
            } catch (IOException e) {
                problems.accept(UnitEvent.of(UnitEvent.ERROR, "source", "syslog", "state", "Warning",
                        "message", "cannot open a UDP socket for syslog: " + e.getMessage()));
            }
        }

        synchronized void send(UnitEvent event) {
            if (sender == null || !settings.passes(UnitEventSyslog.serviceOf(event), UnitEventSyslog.severityOf(event))) {
                return;
            }
            try {
                sender.send(UnitEventSyslog.toMessage(event, hostName));
            } catch (IOException e) {
                // UDP syslog is best effort (RFC 5426 4): a lost message is not reported through syslog itself.
            }
        }

        @Override
        public synchronized void close() {
            if (sender != null) {
                sender.close();
                sender = null;
            }
        }
    }
}
