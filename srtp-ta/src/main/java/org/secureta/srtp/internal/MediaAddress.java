package org.secureta.srtp.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The local address of a call's RTP and RTCP sockets, which SDP's {@code c=} line announces
 * (RFC 4566 5.7): the configured media address, or else the address the SIP transport binds and
 * puts in Via and Contact, so that signalling and media leave from the same interface.
 */
final class MediaAddress {

    private MediaAddress() {
    }

    /**
     * @param mediaAddress       {@code mediaAddress} of the call agent's configuration, empty for none
     * @param signallingAddress  {@code localAddress} of the transport's configuration, empty when the
     *                           transport uses the host's address
     * @throws IllegalArgumentException naming the attribute when the address is unusable for media
     */
    static InetAddress resolve(String mediaAddress, String signallingAddress) {
        if (!mediaAddress.isBlank()) {
            return usable("mediaAddress", mediaAddress.strip());
        }
        if (!signallingAddress.isBlank()) {
            return usable("the SIP transport's localAddress", signallingAddress.strip());
        }
        try {
            // What the transport binds when it has no localAddress.
            return InetAddress.getLocalHost();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("mediaAddress is empty and the host's own address is unknown (" + e.getMessage()
                    + "): set mediaAddress or the transport's localAddress");
        }
    }

    private static InetAddress usable(String field, String text) {
        InetAddress address;
        try {
            address = InetAddress.getByName(text);
        } catch (UnknownHostException | SecurityException e) {
            throw new IllegalArgumentException(field + " '" + clip(text) + "' is not an IP address or known host name");
        }
        if (address.isAnyLocalAddress()) {
            // A peer cannot send to 0.0.0.0 or :: : c= must name one interface.
            throw new IllegalArgumentException(field + " '" + text + "' is the wildcard address; SDP c= needs one interface's address");
        }
        if (address.isMulticastAddress()) {
            throw new IllegalArgumentException(field + " '" + text + "' is a multicast address; media needs a unicast one");
        }
        return address;
    }

    private static String clip(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
