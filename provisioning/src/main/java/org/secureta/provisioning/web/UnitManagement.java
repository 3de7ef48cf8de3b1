package org.secureta.provisioning.web;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.secureta.provisioning.certs.CertificateStore;
import org.secureta.provisioning.profile.Profile;
import org.secureta.transport.UnitEvent;

/**
 * What the management plane (web pages, JSON API, syslog, time) needs of the running unit: its
 * configuration, the restart-required services, the certificate store and the status board.
 * The provisioning component offers it as an OSGi service.
 */
public interface UnitManagement {

    /** The configuration the unit saves (what a profile export gives). */
    Profile configured();

    /** What the services use now: changes waiting for a restart are not in it. */
    Profile running();

    /** Services with changes waiting for {@link #restartRequiredServices()}. */
    Set<String> pendingServices();

    /**
     * Replaces the configuration with {@code profile} (already validated), saves it and applies
     * what applies at once; announces the change as coming from {@code source}.
     *
     * @return the services now waiting for a restart
     */
    Set<String> replace(Profile profile, String source) throws IOException;

    /** Scm.RestartRequiredServices. @return the services restarted */
    Set<String> restartRequiredServices();

    CertificateStore certificates();

    /** The unit's home folder. */
    Path home();

    /** The latest event of each subject (ta:status). */
    List<UnitEvent> status();

    /** The latest events in order, at most {@code max}. */
    List<UnitEvent> recent(int max);

    /** Posts a unit event (EventAdmin). */
    void post(UnitEvent event);
}
