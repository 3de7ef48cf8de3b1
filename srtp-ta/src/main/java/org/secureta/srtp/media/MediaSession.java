package org.secureta.srtp.media;

import java.net.InetSocketAddress;

/**
 * The audio of one call, whichever engine carries it: 20 ms G.711 frames of the call's
 * {@link AudioSource} sent as RTP or SRTP, what arrives unprotected and fed to a
 * {@link ToneDetector}, an RTCP sender report (SRTCP when secure) every two seconds. Every engine
 * keeps the same rules: nothing leaves in clear once the call is secure; a master key is never used
 * past its lifetime (RFC 3711 9.2), and renewal is asked for before that; after a change of
 * receiving keys the previous ones still authenticate what the peer sent before it switched.
 */
public interface MediaSession extends AutoCloseable {

    /** The engine's name (Native, Libjitsi, ...), as the call's status shows it. */
    String engine();

    int localPort();

    /** The RTP socket's address and port. */
    InetSocketAddress localAddress();

    int localRtcpPort();

    /** Starts sending to and receiving from the peer's RTP address (RTCP on the next port). */
    void start(InetSocketAddress peer, G711 payload, MediaKeys keys);

    /** Installs new keys in both directions, or none for plain RTP; keys equal to the current ones change nothing. */
    void rekey(MediaKeys keys);

    /** Installs the keys of what we receive; the previous ones stay as a fallback until the peer uses the new ones. */
    void rekeyReceive(MediaKeys keys);

    /** Installs the keys of what we send, once the peer can know them. */
    void rekeySend(MediaKeys keys);

    /**
     * Runs {@code renewal} (on the sending thread) once per sending key when only {@code share} of its
     * SRTP or SRTCP lifetime is left (RFC 4568 6.1: the sender re-keys in time).
     *
     * @param share between 0 and 1, exclusive
     */
    void onKeyRenewalDue(double share, Runnable renewal);

    /** Whether the current sending key has used up its renewal share. */
    boolean isRenewalDue();

    /** Whether we send audio: false while the peer holds us, or after a switch to T.38. */
    void sending(boolean enabled);

    boolean isSending();

    /** Whether what we send is SRTP. */
    boolean isSecure();

    MediaCounters counters();

    /** Stops sending and receiving and frees the ports; the last counters stay readable. */
    @Override
    void close();
}
