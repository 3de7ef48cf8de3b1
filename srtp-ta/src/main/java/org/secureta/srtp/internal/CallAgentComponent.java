package org.secureta.srtp.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.secureta.srtp.CallAgentConfiguration;
import org.secureta.transport.UnitEvent;

/**
 * The unit's call agent. Created once provisioning has written its configuration; a changed
 * configuration restarts it.
 */
@Component(
        configurationPid = CallAgentConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = CallAgentConfiguration.class)
public final class CallAgentComponent {

    @Activate
    public CallAgentComponent(@Reference EventAdmin events, CallAgentConfiguration config) {
        UnitEvent configured = UnitEvent.of("MEDIA",
                "agent", "srtp-ta",
                "state", "Configured",
                "rtpMode", config.rtpMode().name(),
                "keyManagement", config.keyManagement(),
                "encryption", config.rtpEncryption().name());
        events.postEvent(new Event(configured.topic(), configured.toProperties()));
    }
}
