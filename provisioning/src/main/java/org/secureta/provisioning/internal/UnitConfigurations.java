package org.secureta.provisioning.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.secureta.provisioning.profile.Profile;

/**
 * The typed configurations one profile maps to, by the PID ConfigAdmin would give each
 * ({@code pid}, or {@code factoryPid~name}): what {@code ./ta fleet} builds each of its units
 * from, outside the framework, so that a fleet unit is configured exactly as a {@code ./ta run}
 * unit with the same profile ({@link ProfileMapping} is the one mapping for both). Public for
 * the launcher's fleet only: the package stays private to the bundle.
 */
public final class UnitConfigurations {

    private UnitConfigurations() {
    }

    /** Effective PID to properties, in the mapping's order. Holds the line password and the MIKEY key: never print it. */
    public static Map<String, Map<String, Object>> of(Profile profile, Path home) {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        for (ConfigurationRecord record : ProfileMapping.map(profile, home)) {
            result.put(record.effectivePid(), record.properties());
        }
        return result;
    }
}
