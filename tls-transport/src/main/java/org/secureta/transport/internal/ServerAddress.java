package org.secureta.transport.internal;

import java.util.Objects;

/**
 * A server as configured, {@code host[:port]} (SipEp.*Host variables). Port 0 or no port means
 * the transport's default (5060, or 5061 for TLS, RFC 3261 section 19.1.2); DNS SRV is not done.
 */
public record ServerAddress(String host, int port) {

    public ServerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 1..65535");
        }
    }

    /** Parses {@code host}, {@code host:port} or {@code [v6]:port}; {@code what} names the field in errors. */
    public static ServerAddress parse(String text, int defaultPort, String what) {
        String value = text == null ? "" : text.trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        String host = value;
        String port = "";
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(what + " '" + text + "': unterminated IPv6 literal");
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException(what + " '" + text + "': expected ':' after ']'");
                }
                port = rest.substring(1);
            }
        } else if (value.indexOf(':') >= 0) {
            if (value.indexOf(':') != value.lastIndexOf(':')) {
                throw new IllegalArgumentException(what + " '" + text + "': write IPv6 addresses as [address]:port");
            }
            host = value.substring(0, value.indexOf(':'));
            port = value.substring(value.indexOf(':') + 1);
        }
        if (host.isEmpty() || !host.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == ':')) {
            throw new IllegalArgumentException(what + " '" + text + "': invalid host '" + host + "'");
        }
        int number = defaultPort;
        if (!port.isEmpty()) {
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " '" + text + "': port '" + port + "' is not a number");
            }
            if (number < 0 || number > 65535) {
                throw new IllegalArgumentException(what + " '" + text + "': port " + number + " out of range 0..65535");
            }
            if (number == 0) {
                number = defaultPort;
            }
        }
        return new ServerAddress(host, number);
    }

    /** {@code host:port}, IPv6 in brackets, as used in SIP URIs. */
    public String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return hostPort();
    }
}
