package org.secureta.srtp.sdp;

/**
 * {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>} (RFC 4566
 * 5.2). Session id and version are 64-bit signed integers (RFC 3264 5); a re-offer increments the
 * version ({@link #nextVersion()}).
 */
public record Origin(String username, long sessionId, long sessionVersion, String networkType, String addressType, String address) {

    public Origin {
        SdpSyntax.nonWhitespace("o= username", username);
        SdpSyntax.range("o= sess-id", sessionId, 0, Long.MAX_VALUE);
        SdpSyntax.range("o= sess-version", sessionVersion, 0, Long.MAX_VALUE);
        SdpSyntax.networkType("o= nettype", networkType);
        SdpSyntax.addressType("o= addrtype", addressType);
        SdpSyntax.address("o= unicast-address", addressType, address, false);
    }

    /** An IN origin whose address type follows the address (IP6 when it holds a ':'). */
    public static Origin of(String username, long sessionId, long sessionVersion, String address) {
        return new Origin(username, sessionId, sessionVersion, "IN", address.indexOf(':') >= 0 ? "IP6" : "IP4", address);
    }

    /** The origin of the next offer of this session (RFC 3264 8: the version increments). */
    public Origin nextVersion() {
        if (sessionVersion == Long.MAX_VALUE) {
            throw new IllegalStateException("o= sess-version cannot be incremented past " + Long.MAX_VALUE);
        }
        return new Origin(username, sessionId, sessionVersion + 1, networkType, addressType, address);
    }

    String text() {
        return username + " " + sessionId + " " + sessionVersion + " " + networkType + " " + addressType + " " + address;
    }
}
