package org.secureta.srtp.media;

/**
 * What a call's media path has done.
 *
 * @param sent RTP packets sent
 * @param received RTP packets received and accepted (authenticated, when SRTP)
 * @param authFailures packets refused for a wrong SRTP/SRTCP authentication tag
 * @param replays packets refused as replayed or older than the replay window
 * @param malformed packets refused as malformed (or of an unknown MKI)
 * @param rtcpSent RTCP sender reports sent
 * @param rtcpReceived RTCP packets received and accepted
 * @param toneFrames received frames in which the expected tone was detected
 * @param keyChanges times the receiving keys changed after the first ones (re-INVITEs under Regenerate)
 * @param expired packets not sent, or refused on receipt, because their master key had reached its
 *                lifetime (RFC 4568 6.1, RFC 3711 9.2); SRTP and SRTCP together
 * @param strays packets refused for a wrong authentication tag that came from another address than the
 *               peer's: most often a stream still sent to a port this call now reuses (the peer of an
 *               earlier call that has not yet processed its BYE), not an attack on this call, so they are
 *               not counted in {@code authFailures}; an engine that cannot tell the source counts 0 here
 */
public record MediaCounters(long sent, long received, long authFailures, long replays, long malformed,
        long rtcpSent, long rtcpReceived, long toneFrames, long keyChanges, long expired, long strays) {

    public static final MediaCounters NONE = new MediaCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Counters of an engine that cannot tell where a refused packet came from (every refusal is the call's own). */
    public MediaCounters(long sent, long received, long authFailures, long replays, long malformed,
            long rtcpSent, long rtcpReceived, long toneFrames, long keyChanges, long expired) {
        this(sent, received, authFailures, replays, malformed, rtcpSent, rtcpReceived, toneFrames, keyChanges, expired, 0);
    }
}
