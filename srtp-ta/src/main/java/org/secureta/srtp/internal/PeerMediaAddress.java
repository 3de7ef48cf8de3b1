package org.secureta.srtp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.secureta.srtp.sdp.Connection;
import org.secureta.srtp.sdp.MediaDescription;
import org.secureta.srtp.sdp.SessionDescription;

/**
 * Where a peer's SDP asks us to send a stream's media (RFC 4566 5.7 {@code c=}, media level first),
 * refused when the unit cannot or must not send there: a host name (no DNS look-up from a peer's
 * SDP: it would let a peer make the unit query any name, and stall the SIP thread), multicast or
 * broadcast (a unit's SRTP is point to point: sending there would spray the call's media over the
 * LAN), the wildcard in an offer that opens a call, and an address of the family the unit does not
 * use. In a re-INVITE, {@code 0.0.0.0} is the old RFC 2543 way to put a call on hold (RFC 3264
 * 8.4 still asks an answerer to understand it): the stream is kept, and nothing is sent.
 */
final class PeerMediaAddress {

    /** The answer to a refused address: 488 with this text as the reason. */
    static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }

    /**
     * @param address where to send, empty when the peer asked for nothing to be sent (hold by 0.0.0.0)
     */
    record Target(Optional<InetSocketAddress> address) {
        boolean isHold() {
            return address.isEmpty();
        }
    }

    private PeerMediaAddress() {
    }

    /**
     * @param local        our media address: the peer's must be of the same family
     * @param holdAllowed  whether {@code 0.0.0.0} means hold here (a re-INVITE), rather than an error
     * @throws Unusable naming the address and why
     */
    static Target of(SessionDescription sdp, MediaDescription media, InetAddress local, boolean holdAllowed) throws Unusable {
        Connection c = media.connection().or(sdp::connection)
                .orElseThrow(() -> new Unusable("no c= line for m=" + media.media()));
        String text = c.address();
        String host = text.indexOf('/') >= 0 ? text.substring(0, text.indexOf('/')) : text;
        if (!isLiteral(c.addressType(), host)) {
            throw new Unusable("c= " + clip(text) + " is a host name; the unit sends media to IP addresses only");
        }
        InetAddress address;
        try {
            // A literal: no look-up happens.
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new Unusable("c= " + clip(text) + " is not a usable IP address");
        }
        boolean localV4 = local instanceof Inet4Address;
        if ((address instanceof Inet4Address) != localV4) {
            throw new Unusable("c= " + c.addressType() + " " + clip(text) + " on a unit whose media is " + (localV4 ? "IPv4" : "IPv6"));
        }
        if (address.isAnyLocalAddress()) {
            if (holdAllowed) {
                return new Target(Optional.empty());
            }
            throw new Unusable("c= " + text + " names no host (0.0.0.0 only means hold in a re-INVITE, RFC 3264 8.4)");
        }
        if (address.isMulticastAddress()) {
            throw new Unusable("c= " + clip(text) + " is a multicast address; the unit's media is unicast");
        }
        if (isBroadcast(address)) {
            throw new Unusable("c= " + text + " is the broadcast address; the unit never sends media to it");
        }
        if (media.port() <= 0 || media.port() > 65535) {
            throw new Unusable("m=" + media.media() + " port " + media.port() + " is not a port media can go to");
        }
        return new Target(Optional.of(new InetSocketAddress(address, media.port())));
    }

    private static boolean isLiteral(String addressType, String host) {
        if ("IP6".equals(addressType)) {
            return host.indexOf(':') >= 0 && host.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == ':' || ch == '.');
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit) || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBroadcast(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 && (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff;
    }

    private static String clip(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
