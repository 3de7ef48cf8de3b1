package org.secureta.srtp.media;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.secureta.srtp.keymgmt.SrtpKeys;

/**
 * The keys of one call's audio stream, or none for plain RTP (an Unsecure call, or a
 * SecureWithFallback call the peer answered with RTP/AVP).
 */
public record MediaKeys(Optional<SrtpKeys> send, List<SrtpKeys> receive) {

    public static final MediaKeys PLAIN = new MediaKeys(Optional.empty(), List.of());

    /**
     * @param send    the key we protect with, empty for plain RTP
     * @param receive the keys the peer may protect with, told apart by MKI (the first is the usual
     *                one), empty for plain RTP
     */
    public MediaKeys {
        Objects.requireNonNull(send, "send");
        receive = List.copyOf(receive);
        if (send.isPresent() == receive.isEmpty()) {
            throw new IllegalArgumentException("SRTP needs keys for both directions, or neither");
        }
    }

    public static MediaKeys srtp(SrtpKeys send, SrtpKeys receive) {
        return new MediaKeys(Optional.of(send), List.of(receive));
    }

    public static MediaKeys srtp(SrtpKeys send, List<SrtpKeys> receive) {
        return new MediaKeys(Optional.of(send), receive);
    }

    public boolean secure() {
        return send.isPresent();
    }
}
