package org.secureta.transport.pki;

import java.util.List;
import java.util.Objects;

/**
 * Who the unit expects at the other end: the configured server host (SipEp.*Host without the
 * port), and for DnsSrvResponse the targets the DNS SRV lookup returned (RFC 3263 4.2).
 */
public record ServerIdentity(String configuredHost, List<String> srvTargets) {

    public ServerIdentity {
        Objects.requireNonNull(configuredHost, "configuredHost");
        srvTargets = List.copyOf(srvTargets);
    }

    public static ServerIdentity of(String configuredHost) {
        return new ServerIdentity(configuredHost, List.of());
    }

    /**
     * From the unit's "host:port" notation (port 0 or none: DNS SRV), e.g. "proxy.example:5061",
     * "192.0.2.1:0", "[2001:db8::1]:5061". A bare IPv6 literal without brackets is taken whole.
     */
    public static ServerIdentity fromHostPort(String hostPort) {
        String value = hostPort.strip();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close > 0) {
                return of(value.substring(1, close));
            }
        }
        int colon = value.lastIndexOf(':');
        if (colon > 0 && value.indexOf(':') == colon && value.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return of(value.substring(0, colon));
        }
        return of(value);
    }

    public ServerIdentity withSrvTargets(String... targets) {
        return new ServerIdentity(configuredHost, List.of(targets));
    }
}
