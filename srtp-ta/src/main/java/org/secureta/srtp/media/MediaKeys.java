package org.secureta.srtp.media;

import java.util.Objects;
import java.util.Optional;

import org.secureta.srtp.keymgmt.SrtpKeys;

/**
 * The keys of one call's audio stream, or none for plain RTP (an Unsecure call, or a
 * SecureWithFallback call the peer answered with RTP/AVP).
 */
public record MediaKeys(Optional<SrtpKeys> send, Optional<SrtpKeys> receive) {

    public static final MediaKeys PLAIN = new MediaKeys(Optional.empty(), Optional.empty());

    public MediaKeys {
        Objects.requireNonNull(send, "send");
        Objects.requireNonNull(receive, "receive");
        if (send.isPresent() != receive.isPresent()) {
            throw new IllegalArgumentException("SRTP needs keys for both directions, or neither");
        }
    }

    public static MediaKeys srtp(SrtpKeys send, SrtpKeys receive) {
        return new MediaKeys(Optional.of(send), Optional.of(receive));
    }

    public boolean secure() {
        return send.isPresent();
    }
}
