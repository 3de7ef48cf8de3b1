package org.secureta.provisioning.syslog;

import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.secureta.provisioning.profile.Profile;

/**
 * Where syslog goes (SecureTA.SyslogRemoteHost; empty means nowhere) and the minimum severity of
 * each service ({@code SipEp.MinSeverity}, ...).
 */
public record SyslogSettings(Optional<String> remoteHost, Map<UnitService, Severity> minimum) {

    public SyslogSettings {
        minimum = Map.copyOf(minimum);
        for (UnitService service : UnitService.values()) {
            if (!minimum.containsKey(service)) {
                throw new IllegalArgumentException("no minimum severity for " + service);
            }
        }
    }

    public static SyslogSettings from(Profile profile) {
        Map<UnitService, Severity> minimum = new EnumMap<>(UnitService.class);
        for (UnitService service : UnitService.values()) {
            minimum.put(service, Severity.ofUnitName(profile.get(service.minSeverityVariable())));
        }
        String host = profile.get("SecureTA.SyslogRemoteHost");
        return new SyslogSettings(host.isEmpty() ? Optional.empty() : Optional.of(host), minimum);
    }

    public Optional<InetSocketAddress> receiver() {
        return remoteHost.map(SyslogSender::receiver);
    }

    /** True when a message of {@code service} at {@code severity} passes that service's minimum. */
    public boolean passes(UnitService service, Severity severity) {
        return severity.atLeast(minimum.get(service));
    }
}
