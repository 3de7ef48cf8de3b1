package org.secureta.srtp.keymgmt;

import java.util.List;

/**
 * The keying attributes of an SDP body, without the {@code a=} prefix: session-level ones
 * (MIKEY's {@code key-mgmt:mikey ...}, RFC 4567) and, per media description in order, the
 * media-level ones (SDES {@code crypto:...}, RFC 4568).
 */
public record SdpKeying(List<String> sessionAttributes, List<List<String>> mediaAttributes) {

    public SdpKeying {
        sessionAttributes = List.copyOf(sessionAttributes);
        mediaAttributes = mediaAttributes.stream().map(List::copyOf).toList();
    }

    public static SdpKeying empty(int mediaCount) {
        return new SdpKeying(List.of(), java.util.Collections.nCopies(mediaCount, List.of()));
    }
}
