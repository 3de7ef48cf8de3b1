package org.secureta.libjitsi;

import java.io.IOException;
import java.util.Objects;

import org.jitsi.service.neomedia.MediaService;
import org.secureta.libjitsi.internal.LibjitsiMediaSession;
import org.secureta.srtp.media.MediaEngine;
import org.secureta.srtp.media.MediaSession;
import org.secureta.srtp.media.MediaSessionSpec;

/**
 * The unit's media on libjitsi (SecureTA.MediaEngine=Libjitsi): each call's RTP and RTCP go through
 * a libjitsi {@code MediaStream} keyed by a {@link KeyingSrtpControl} of the call's key management,
 * with the keys the call agent agreed. In the container it is an OSGi service of type
 * {@link MediaEngine} with {@code mediaengine.name=Libjitsi}, whose controls are the prototype
 * {@code SrtpControl} services of this bundle.
 */
public final class LibjitsiMediaEngine implements MediaEngine {

    /** Its name, as SecureTA.MediaEngine names it. */
    public static final String NAME = LibjitsiMediaSession.ENGINE;

    /** Where the engine gets a fresh control for a call's key management, and gives it back at hang-up. */
    public interface Controls {

        /** @throws IOException naming the key management when there is no control for it */
        KeyingSrtpControl get(String keyManagement) throws IOException;

        void release(KeyingSrtpControl control);
    }

    private final MediaService media;
    private final Controls controls;

    /** @param media libjitsi's media service, started headless ({@link LibJitsiHeadless}) */
    public LibjitsiMediaEngine(MediaService media, Controls controls) {
        this.media = Objects.requireNonNull(media, "media");
        this.controls = Objects.requireNonNull(controls, "controls");
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * jitsi-srtp's first crypto context loads its ciphers (and tries a native OpenSSL library the unit
     * does not ship): seconds on a loaded host. Done here with throwaway keys, before the calls.
     */
    @Override
    public void prepare() {
        org.secureta.libjitsi.internal.KeyedTransformEngine.warmUp();
    }

    @Override
    public MediaSession open(MediaSessionSpec spec) throws IOException {
        KeyingSrtpControl control = controls.get(spec.keyManagement());
        try {
            return new LibjitsiMediaSession(spec, media, control, controls::release);
        } catch (IOException | RuntimeException e) {
            controls.release(control);
            throw e;
        }
    }
}
