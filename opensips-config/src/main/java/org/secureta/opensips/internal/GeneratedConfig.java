package org.secureta.opensips.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a proxy configuration (name to content, in the order to show them) and what the
 * target could not express as the profile asks, worded for the operator.
 */
public record GeneratedConfig(Map<String, String> files, List<String> warnings) {

    public GeneratedConfig {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        warnings = List.copyOf(warnings);
    }
}
