package org.secureta.transport.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.secureta.transport.Transport;
import org.secureta.transport.TransportConfiguration;
import org.secureta.transport.UnitEvent;

/**
 * The unit's signalling transport. It exists only once provisioning has written its
 * configuration (policy REQUIRE), and a changed configuration restarts it, which is how
 * "restart required services" reaches the data plane.
 */
@Component(
        configurationPid = TransportConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = TransportConfiguration.class)
public final class SipTransportComponent {

    private final EventAdmin events;
    private final TransportConfiguration config;

    @Activate
    public SipTransportComponent(@Reference EventAdmin events, TransportConfiguration config) {
        this.events = events;
        this.config = config;
        post(UnitEvent.of(UnitEvent.TRANSPORT,
                "transport", config.transport().name(),
                "state", "Configured",
                "basePort", Integer.toString(config.persistentBasePort()),
                "failbackInterval", Integer.toString(config.failbackInterval()),
                "tlsVersion", config.tlsVersion().name(),
                "validation", config.certificateValidation().name()));
        if (config.transport() == Transport.TLS && config.tlsKeyLogFile().length() > 0) {
            post(UnitEvent.of(UnitEvent.ERROR, "source", "tls-transport", "state", "Warning",
                    "message", "TLS KEY LOG IS ON: session secrets are written to " + config.tlsKeyLogFile()));
        }
    }

    @Deactivate
    void deactivate() {
        post(UnitEvent.of(UnitEvent.TRANSPORT, "transport", config.transport().name(), "state", "Stopped"));
    }

    private void post(UnitEvent event) {
        events.postEvent(new Event(event.topic(), event.toProperties()));
    }
}
