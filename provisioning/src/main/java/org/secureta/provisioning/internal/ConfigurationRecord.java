package org.secureta.provisioning.internal;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A configuration to write into ConfigAdmin: a singleton ({@code pid}) or a named factory
 * configuration ({@code factoryPid~name}).
 */
record ConfigurationRecord(String pid, Optional<String> factoryName, Map<String, Object> properties) {

    ConfigurationRecord {
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    static ConfigurationRecord singleton(String pid, Map<String, Object> properties) {
        return new ConfigurationRecord(pid, Optional.empty(), properties);
    }

    static ConfigurationRecord factory(String factoryPid, String name, Map<String, Object> properties) {
        return new ConfigurationRecord(factoryPid, Optional.of(name), properties);
    }

    /** The PID ConfigAdmin gives it: {@code factoryPid~name} for named factory configurations (R7). */
    String effectivePid() {
        return factoryName.map(n -> pid + "~" + n).orElse(pid);
    }
}
