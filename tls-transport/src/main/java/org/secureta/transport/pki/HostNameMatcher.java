package org.secureta.transport.pki;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Does a certificate name a host? RFC 6125 section 6 as profiled for SIP by RFC 5922 7.1:
 * <ul>
 * <li>a DNS host name is compared with the dNSName SANs; the CN only when the certificate has no
 * dNSName SAN at all (RFC 6125 6.4.4);</li>
 * <li>an IP address is compared with the iPAddress SANs only, never with a DNS SAN or the CN
 * (RFC 6125 6.2.1 / RFC 5280 4.2.1.6);</li>
 * <li>a wildcard is accepted only as the whole left-most label ("*.example.com"), covers exactly
 * one label, and never sits directly above a public suffix ("*.com", "*.co.uk": RFC 6125 7.2);
 * partial wildcards ("f*.example.com") are refused (RFC 6125 6.4.3 allows refusing them; RFC
 * 9525 forbids them).</li>
 * </ul>
 */
final class HostNameMatcher {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostNameMatcher() {
    }

    static boolean matches(X509Certificate certificate, String host) {
        Optional<InetAddress> ip = IpLiterals.parse(host);
        if (ip.isPresent()) {
            return ipAddresses(certificate).contains(ip.get());
        }
        String name = normalise(host);
        if (name.isEmpty()) {
            return false;
        }
        List<String> dnsNames = dnsNames(certificate);
        if (!dnsNames.isEmpty()) {
            return dnsNames.stream().anyMatch(pattern -> dnsMatches(pattern, name));
        }
        return Certificates.commonName(certificate.getSubjectX500Principal()).filter(cn -> dnsMatches(cn, name)).isPresent();
    }

    static String describeNames(X509Certificate certificate) {
        List<String> all = new ArrayList<>();
        dnsNames(certificate).forEach(d -> all.add("DNS:" + d));
        ipAddresses(certificate).forEach(i -> all.add("IP:" + i.getHostAddress()));
        Certificates.commonName(certificate.getSubjectX500Principal()).ifPresent(cn -> all.add("CN:" + cn));
        return all.isEmpty() ? "no names" : String.join(", ", all);
    }

    static boolean dnsMatches(String pattern, String host) {
        String p = normalise(pattern);
        if (p.isEmpty() || IpLiterals.parse(p).isPresent() || IpLiterals.parse(host).isPresent()) {
            return false;
        }
        if (!p.contains("*")) {
            return p.equals(host);
        }
        if (!p.startsWith("*.") || p.indexOf('*', 1) >= 0) {
            return false;                                 // partial or non-left-most wildcard
        }
        String base = p.substring(2);                     // "example.com"
        if (base.indexOf('.') < 0 || PublicSuffixes.isPublicSuffix(base)) {
            return false;                                 // "*.com", "*.co.uk" would cover a whole registry
        }
        String suffix = "." + base;
        if (!host.endsWith(suffix)) {
            return false;
        }
        String label = host.substring(0, host.length() - suffix.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    static List<String> dnsNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        for (List<?> entry : subjectAltNames(certificate)) {
            if ((Integer) entry.get(0) == SAN_DNS && entry.get(1) instanceof String dns) {
                names.add(dns);
            }
        }
        return names;
    }

    private static List<InetAddress> ipAddresses(X509Certificate certificate) {
        List<InetAddress> addresses = new ArrayList<>();
        for (List<?> entry : subjectAltNames(certificate)) {
            if ((Integer) entry.get(0) == SAN_IP && entry.get(1) instanceof String address) {
                IpLiterals.parse(address).ifPresent(addresses::add);
            }
        }
        return addresses;
    }

    private static String normalise(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static Collection<List<?>> subjectAltNames(X509Certificate certificate) {
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            return entries == null ? List.of() : entries;
        } catch (CertificateParsingException e) {
            return List.of();                              // an unreadable SAN names nothing
        }
    }
}
