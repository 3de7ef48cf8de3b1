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

    /** The attributes hold keys (SDES inline keys, MIKEY messages): only their names and numbers are shown. */
    @Override
    public String toString() {
        return "SdpKeying[session=" + names(sessionAttributes) + ", media="
                + mediaAttributes.stream().map(SdpKeying::names).toList() + ", values hidden]";
    }

    private static List<String> names(List<String> attributes) {
        return attributes.stream().map(a -> a.indexOf(':') < 0 ? a : a.substring(0, a.indexOf(':'))).toList();
    }

    public static SdpKeying empty(int mediaCount) {
        return new SdpKeying(List.of(), java.util.Collections.nCopies(mediaCount, List.of()));
    }
}
