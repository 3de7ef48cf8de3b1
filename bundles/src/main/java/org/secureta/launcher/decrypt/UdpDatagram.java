package org.secureta.launcher.decrypt;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A UDP datagram inside a captured frame: where its IP header and payload lie, for the link types
 * a SIP/SRTP capture comes in (tcpdump.org LINKTYPE_* numbers): Ethernet with VLAN tags (1),
 * Linux cooked SLL (113, {@code -i any} up to libpcap 1.9) and SLL2 (276, since 1.10), raw IP
 * (101, 228 IPv4, 229 IPv6) and BSD loopback (0 NULL, host byte order; 108 LOOP, network order).
 * {@link #withPayload} rebuilds the frame around a new payload, with IP and UDP lengths and
 * checksums made right, so that the output is a capture Wireshark takes as sent.
 */
record UdpDatagram(byte[] frame, int ipOffset, int ipVersion, int ipHeaderLength, int udpOffset, int payloadOffset,
                   int payloadLength, Endpoint source, Endpoint destination) {

    static final int ETHERNET = 1;
    static final int NULL = 0;
    static final int RAW = 101;
    static final int LOOP = 108;
    static final int LINUX_SLL = 113;
    static final int IPV4 = 228;
    static final int IPV6 = 229;
    static final int LINUX_SLL2 = 276;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int UDP = 17;

    /** An address and port, printed as {@code 127.0.0.1:4000} or {@code [::1]:4000}. */
    record Endpoint(InetAddress address, int port) {
        @Override
        public String toString() {
            String a = address.getHostAddress();
            return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
        }
    }

    /** Whether this tool reads IP out of frames of {@code linkType}. */
    static boolean supported(int linkType) {
        return switch (linkType) {
            case ETHERNET, NULL, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2 -> true;
            default -> false;
        };
    }

    static String linkTypeName(int linkType) {
        return switch (linkType) {
            case ETHERNET -> "Ethernet";
            case NULL -> "BSD loopback";
            case RAW -> "raw IP";
            case LOOP -> "OpenBSD loopback";
            case LINUX_SLL -> "Linux cooked (SLL)";
            case IPV4 -> "raw IPv4";
            case IPV6 -> "raw IPv6";
            case LINUX_SLL2 -> "Linux cooked v2 (SLL2)";
            default -> "link type " + linkType;
        };
    }

    /** The UDP datagram a frame carries; empty for anything else (TCP, ARP, IP fragments, short frames). */
    static Optional<UdpDatagram> of(int linkType, byte[] frame) {
        int ip = ipOffset(linkType, frame);
        if (ip < 0 || ip >= frame.length) {
            return Optional.empty();
        }
        int version = (frame[ip] & 0xFF) >>> 4;
        try {
            if (version == 4) {
                return ipv4(frame, ip);
            }
            if (version == 6) {
                return ipv6(frame, ip);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 bytes: cannot happen
        }
        return Optional.empty();
    }

    /** Where the IP header starts, or -1 when the frame carries no IP. */
    private static int ipOffset(int linkType, byte[] f) {
        switch (linkType) {
            case RAW, IPV4, IPV6:
                return 0;
            case ETHERNET: {
                int at = 12;
                while (at + 2 <= f.length) {
                    int type = u16(f, at);
                    if (type == 0x8100 || type == 0x88A8 || type == 0x9100) {
                        at += 4; // 802.1Q / 802.1ad tag
                    } else {
                        return type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6 ? at + 2 : -1;
                    }
                }
                return -1;
            }
            case LINUX_SLL:
                return f.length >= 16 && isIpEthertype(u16(f, 14)) ? 16 : -1;
            case LINUX_SLL2:
                return f.length >= 20 && isIpEthertype(u16(f, 0)) ? 20 : -1;
            case NULL: {
                if (f.length < 4) {
                    return -1;
                }
                // Host byte order of the capturing machine: take whichever order gives a known family.
                int family = (f[0] & 0xFF) | (f[1] & 0xFF) << 8 | (f[2] & 0xFF) << 16 | (f[3] & 0xFF) << 24;
                int swapped = Integer.reverseBytes(family);
                return isLoopbackFamily(family) || isLoopbackFamily(swapped) ? 4 : -1;
            }
            case LOOP:
                return f.length >= 4 && isLoopbackFamily((f[0] & 0xFF) << 24 | (f[1] & 0xFF) << 16 | (f[2] & 0xFF) << 8 | (f[3] & 0xFF)) ? 4 : -1;
            default:
                return -1;
        }
    }

    private static boolean isIpEthertype(int type) {
        return type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6;
    }

    /** AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24, 28 or 30 (the BSDs, macOS). */
    private static boolean isLoopbackFamily(int family) {
        return family == 2 || family == 10 || family == 24 || family == 28 || family == 30;
    }

    private static Optional<UdpDatagram> ipv4(byte[] f, int ip) throws UnknownHostException {
        if (ip + 20 > f.length) {
            return Optional.empty();
        }
        int headerLength = (f[ip] & 0x0F) * 4;
        int total = u16(f, ip + 2);
        int flagsFragment = u16(f, ip + 6);
        boolean fragment = (flagsFragment & 0x1FFF) != 0 || (flagsFragment & 0x2000) != 0;
        if (headerLength < 20 || (f[ip + 9] & 0xFF) != UDP || fragment || total < headerLength + 8 || ip + total > f.length) {
            return Optional.empty();
        }
        InetAddress src = InetAddress.getByAddress(Arrays.copyOfRange(f, ip + 12, ip + 16));
        InetAddress dst = InetAddress.getByAddress(Arrays.copyOfRange(f, ip + 16, ip + 20));
        return udp(f, ip, 4, headerLength, ip + headerLength, ip + total, src, dst);
    }

    private static Optional<UdpDatagram> ipv6(byte[] f, int ip) throws UnknownHostException {
        if (ip + 40 > f.length) {
            return Optional.empty();
        }
        int end = ip + 40 + u16(f, ip + 4);
        if (end > f.length) {
            return Optional.empty();
        }
        int next = f[ip + 6] & 0xFF;
        int at = ip + 40;
        // Hop-by-hop, routing and destination options headers may precede UDP; a fragment header means no whole datagram here.
        while (next == 0 || next == 43 || next == 60) {
            if (at + 8 > end) {
                return Optional.empty();
            }
            next = f[at] & 0xFF;
            at += 8 + (f[at + 1] & 0xFF) * 8;
        }
        if (next != UDP) {
            return Optional.empty();
        }
        InetAddress src = InetAddress.getByAddress(Arrays.copyOfRange(f, ip + 8, ip + 24));
        InetAddress dst = InetAddress.getByAddress(Arrays.copyOfRange(f, ip + 24, ip + 40));
        return udp(f, ip, 6, at - ip, at, end, src, dst);
    }

    private static Optional<UdpDatagram> udp(byte[] f, int ip, int version, int ipHeaderLength, int udp, int ipEnd,
                                             InetAddress src, InetAddress dst) {
        if (udp + 8 > ipEnd) {
            return Optional.empty();
        }
        int length = u16(f, udp + 4);
        if (length < 8 || udp + length > ipEnd) {
            return Optional.empty();
        }
        return Optional.of(new UdpDatagram(f, ip, version, ipHeaderLength, udp, udp + 8, length - 8,
                new Endpoint(src, u16(f, udp)), new Endpoint(dst, u16(f, udp + 2))));
    }

    /** A copy of the payload. */
    byte[] payload() {
        return Arrays.copyOfRange(frame, payloadOffset, payloadOffset + payloadLength);
    }

    /**
     * The frame with {@code payload[0, length)} in place of this datagram's payload: link header
     * and IP/UDP headers kept, lengths and checksums set (IPv4 header checksum, RFC 791; UDP
     * checksum over the pseudo-header, RFC 768 and RFC 8200 8.1). Link-layer padding after the IP
     * packet is dropped.
     */
    byte[] withPayload(byte[] payload, int length) {
        byte[] out = new byte[payloadOffset + length];
        System.arraycopy(frame, 0, out, 0, payloadOffset);
        System.arraycopy(payload, 0, out, payloadOffset, length);
        int udpLength = 8 + length;
        if (ipVersion == 4) {
            put16(out, ipOffset + 2, ipHeaderLength + udpLength);
            put16(out, ipOffset + 10, 0);
            put16(out, ipOffset + 10, ~sum(out, ipOffset, ipHeaderLength, 0) & 0xFFFF);
        } else {
            put16(out, ipOffset + 4, udpOffset - ipOffset - 40 + udpLength);
        }
        // A cooked or Ethernet header carries no length that covers IP; SLL's fields are addresses and types only.
        put16(out, udpOffset + 4, udpLength);
        put16(out, udpOffset + 6, 0);
        int pseudo;
        if (ipVersion == 4) {
            pseudo = sum(out, ipOffset + 12, 8, 0) + UDP + udpLength;
        } else {
            pseudo = sum(out, ipOffset + 8, 32, 0) + UDP + udpLength;
        }
        int checksum = ~sum(out, udpOffset, udpLength, pseudo) & 0xFFFF;
        put16(out, udpOffset + 6, checksum == 0 ? 0xFFFF : checksum);
        return out;
    }

    /** The one's-complement sum of 16-bit words (RFC 1071), folded, starting from {@code initial}. */
    private static int sum(byte[] b, int offset, int length, int initial) {
        long s = initial;
        int i = 0;
        for (; i + 1 < length; i += 2) {
            s += ((b[offset + i] & 0xFF) << 8) | (b[offset + i + 1] & 0xFF);
        }
        if (i < length) {
            s += (b[offset + i] & 0xFF) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static void put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }
}
