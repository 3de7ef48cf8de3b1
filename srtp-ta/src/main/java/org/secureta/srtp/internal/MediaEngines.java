package org.secureta.srtp.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.secureta.srtp.media.MediaEngine;
import org.secureta.srtp.media.RtpSession;

/** The media engines a call may use, by name (SecureTA.MediaEngine): the built-in Native one and those registered. */
public interface MediaEngines {

    /** Only the unit's own engine. */
    MediaEngines NATIVE = of(RtpSession.NATIVE);

    Optional<MediaEngine> named(String name);

    /** The names of the engines available now. */
    Collection<String> names();

    /** Exactly {@code engines} (tests, applications outside OSGi). */
    static MediaEngines of(MediaEngine... engines) {
        List<MediaEngine> all = List.of(engines);
        return new MediaEngines() {
            @Override
            public Optional<MediaEngine> named(String name) {
                return all.stream().filter(e -> e.name().equals(name)).findFirst();
            }

            @Override
            public Collection<String> names() {
                return all.stream().map(MediaEngine::name).toList();
            }
        };
    }
}
