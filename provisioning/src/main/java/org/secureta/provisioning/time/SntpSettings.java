package org.secureta.provisioning.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.secureta.provisioning.profile.Profile;

/**
 * The unit's time settings: Hoc.SntpConfigSource, the Hoc.StaticSntpServers rows in order,
 * Hoc.SntpSynchronizationPeriod, and the lab override SecureTA.LabAllowUnsynchronisedClock.
 */
public record SntpSettings(String configSource, List<String> servers, Duration period, boolean allowUnsynchronised) {

    public SntpSettings {
        servers = List.copyOf(servers);
    }

    public static SntpSettings from(Profile profile) {
        List<String> servers = new ArrayList<>();
        for (String row : profile.rows("Hoc.StaticSntpServers")) {
            String host = profile.cell("Hoc.StaticSntpServers", row, "HostName");
            if (!host.isEmpty()) {
                servers.add(host);
            }
        }
        return new SntpSettings(profile.get("Hoc.SntpConfigSource"), servers,
                Duration.ofMinutes(Long.parseLong(profile.get("Hoc.SntpSynchronizationPeriod"))),
                "Enable".equals(profile.get("SecureTA.LabAllowUnsynchronisedClock")));
    }

    /** Why no server can be asked, or empty when some can. */
    public java.util.Optional<String> whyNoServer() {
        if (!"Static".equals(configSource)) {
            return java.util.Optional.of("Hoc.SntpConfigSource=" + configSource
                    + " takes the servers from DHCP, which the emulator has not; set it to Static");
        }
        if (servers.isEmpty()) {
            return java.util.Optional.of("no SNTP server configured (Hoc.StaticSntpServers[1].HostName=host:port)");
        }
        return java.util.Optional.empty();
    }
}
