package org.secureta.srtp.crypto;

/**
 * What one SRTP or SRTCP context has done so far, for the call status.
 *
 * @param protectedPackets packets {@code protect} accepted
 * @param unprotectedPackets packets {@code unprotect} authenticated and accepted
 * @param authenticationFailures packets refused for a wrong authentication tag
 * @param replays packets refused as replayed or too old
 * @param malformed packets refused as malformed or truncated
 * @param otherFailures packets refused for another {@link SrtpFailure} (unknown MKI, no room, key
 *        exhausted, too many streams)
 */
public record SrtpCounters(long protectedPackets, long unprotectedPackets, long authenticationFailures,
        long replays, long malformed, long otherFailures) {
}
