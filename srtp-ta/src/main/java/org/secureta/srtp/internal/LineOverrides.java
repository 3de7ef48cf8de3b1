package org.secureta.srtp.internal;

import java.util.Optional;

/**
 * The per-line security overrides (Mipt.EpSpecificSecurity rows whose EnableConfig is Enable),
 * asked when a call starts on a line, so a changed row applies from the next call on.
 */
@FunctionalInterface
public interface LineOverrides {

    LineOverrides NONE = line -> Optional.empty();

    /**
     * The override of line {@code endpointId}, empty when it has none.
     *
     * @throws IllegalArgumentException if the line's override exists but cannot be read
     */
    Optional<LineSecurity> override(String endpointId);
}
