package org.secureta.opensips.internal;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A server the unit is configured to reach, in the unit's {@code host[:port]} notation
 * (SipEp.*Host): a host name, an IPv4 address or a bracketed IPv6 address, with an optional port
 * where 0 means "look the port up with DNS SRV".
 *
 * @param host     the host without brackets, as written (names are compared case-insensitively)
 * @param port     the port as written, empty when none was given
 * @param variable the profile variable it came from, for messages and comments
 */
public record ServerAddress(String host, OptionalInt port, String variable) {

    /** RFC 3261 19.1.2: the default port of sips: URIs and TLS transport. */
    public static final int SIPS_PORT = 5061;

    public ServerAddress {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(variable, "variable");
        if (host.isEmpty()) {
            throw new IllegalArgumentException(variable + ": empty host");
        }
    }

    /** Parses a value the profile has already validated (ValueType.Text.HOST_PORT). */
    public static ServerAddress parse(String hostPort, String variable) {
        String value = hostPort.strip();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            String host = value.substring(1, close);
            String rest = value.substring(close + 1);
            return new ServerAddress(host, rest.startsWith(":") ? OptionalInt.of(Integer.parseInt(rest.substring(1))) : OptionalInt.empty(), variable);
        }
        int colon = value.lastIndexOf(':');
        if (colon > 0) {
            return new ServerAddress(value.substring(0, colon), OptionalInt.of(Integer.parseInt(value.substring(colon + 1))), variable);
        }
        return new ServerAddress(value, OptionalInt.empty(), variable);
    }

    public boolean isIpv6() {
        return host.indexOf(':') >= 0;
    }

    public boolean isIpLiteral() {
        return isIpv6() || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    /** Port 0: the unit finds the port with a DNS SRV lookup (RFC 3263 4.2). */
    public boolean usesSrv() {
        return port.isPresent() && port.getAsInt() == 0;
    }

    /** The port to listen on: as written, or 5061 when none is given or SRV decides. */
    public int listenPort() {
        return port.isPresent() && port.getAsInt() != 0 ? port.getAsInt() : SIPS_PORT;
    }

    /** {@code host:port} with IPv6 in brackets, the way both proxies write sockets. */
    public String socket() {
        return (isIpv6() ? "[" + host + "]" : host) + ":" + listenPort();
    }

    /** Same host (case-insensitive) and same listening port. */
    public boolean sameSocket(ServerAddress other) {
        return host.toLowerCase(Locale.ROOT).equals(other.host.toLowerCase(Locale.ROOT)) && listenPort() == other.listenPort();
    }
}
