package org.secureta.provisioning.time;

import java.time.Duration;
import java.time.Instant;

/**
 * One SNTP exchange (RFC 4330 section 5): how far the unit's clock is from the server's
 * ({@code offset}, to add to the local clock) and the round trip it took.
 *
 * @param server      as configured (host:port)
 * @param referenceId the server's reference (a four-letter code at stratum 1, an address above)
 */
public record SntpResult(String server, Duration offset, Duration roundTripDelay, int stratum, String referenceId,
                         Instant receivedAt) {
}
