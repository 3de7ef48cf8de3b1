package org.secureta.srtp.media;

import java.io.IOException;

/**
 * What carries a call's audio (SecureTA.MediaEngine). The call agent opens one
 * {@link MediaSession} per call and drives it from the SDP exchange (start, keys, hold, re-keying,
 * hang-up); the engine moves the packets. An engine other than the built-in Native one is an OSGi
 * service with the property {@value #NAME_PROPERTY} set to its name.
 */
public interface MediaEngine {

    /** The service property naming an engine, as SecureTA.MediaEngine names it. */
    String NAME_PROPERTY = "mediaengine.name";

    /** Native, Libjitsi, ... */
    String name();

    /** Binds the session's RTP and RTCP ports; nothing is sent before {@link MediaSession#start}. */
    MediaSession open(MediaSessionSpec spec) throws IOException;

    /**
     * Called (on a thread of its own) when the unit is configured to use this engine, before its
     * calls: one-time initialisation that would otherwise delay the first call's audio. Default: none.
     */
    default void prepare() {
    }
}
