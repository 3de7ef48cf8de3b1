package org.secureta.transport.pki;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The subjectAltName entries of a certificate that identify a host (RFC 5280 4.2.1.6). */
public record SubjectAltNames(List<String> dnsNames, List<InetAddress> ipAddresses) {

    public static final SubjectAltNames NONE = new SubjectAltNames(List.of(), List.of());

    public SubjectAltNames {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        for (String name : dnsNames) {
            if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalArgumentException("DNS name \"" + name + "\" is not an ASCII host name");
            }
        }
    }

    /** Sorts each value into an IP address (IPv4 or IPv6 literal) or a DNS name. */
    public static SubjectAltNames of(String... hostsOrAddresses) {
        List<String> dns = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        for (String value : hostsOrAddresses) {
            Objects.requireNonNull(value, "subject alternative name");
            IpLiterals.parse(value).ifPresentOrElse(ips::add, () -> dns.add(value.strip().toLowerCase(Locale.ROOT)));
        }
        return new SubjectAltNames(dns, ips);
    }

    public boolean isEmpty() {
        return dnsNames.isEmpty() && ipAddresses.isEmpty();
    }
}
