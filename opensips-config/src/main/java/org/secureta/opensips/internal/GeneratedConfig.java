package org.secureta.opensips.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files of a proxy configuration (name to content, in the order to show them), those that
 * hold secrets (written owner-only), and what the
 * target could not express as the profile asks, worded for the operator.
 */
public record GeneratedConfig(Map<String, String> files, Set<String> secretFiles, List<String> warnings) {

    public GeneratedConfig {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        secretFiles = Set.copyOf(secretFiles);
        warnings = List.copyOf(warnings);
    }

    /** The script holds the lines' passwords when the proxy authenticates them. */
    static Set<String> secretWhen(boolean authenticates, String mainFile) {
        return authenticates ? Set.of(mainFile) : Set.of();
    }
}
