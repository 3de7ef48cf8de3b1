package org.secureta.srtp.internal;

import java.net.InetSocketAddress;

import org.secureta.srtp.media.G711;
import org.secureta.srtp.media.MediaCounters;
import org.secureta.srtp.media.MediaSession;
import org.secureta.srtp.media.UdptlSession;
import org.secureta.srtp.sdp.Origin;

/**
 * The media of one call: the SDP session we describe (o= line, RFC 4566 5.2), the RTP session
 * and, after a switch to fax, the T.38 session, the peer's address and the codec. Owned by its
 * {@link Call}: changed only with the call's monitor held.
 */
final class MediaState {

    /** Our o= line: its version goes up with every new offer or answer of ours (RFC 3264 8). */
    Origin origin;
    MediaSession session;
    UdptlSession t38;
    /** Where the RTP goes: the address and port of the peer's SDP. */
    InetSocketAddress peer;
    G711 codec;

    /** The engine carrying the audio, empty before the media opened. */
    String engine() {
        return session == null ? "" : session.engine();
    }

    MediaCounters counters() {
        return session == null ? MediaCounters.NONE : session.counters();
    }

    /** The fax counters ({@code sent/received} UDPTL packets), empty when the call never switched. */
    String fax() {
        return t38 == null ? "" : t38.sent() + "/" + t38.received();
    }

    /** Stops the media; the last counters stay readable. */
    void close() {
        if (session != null) {
            session.close();
        }
        if (t38 != null) {
            t38.close();
        }
    }
}
