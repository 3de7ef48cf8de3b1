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
 * Does a certificate name a host? The unit's rule (SipEp.InteropTlsCertificateValidation =
 * HostName): a SAN (DNS or IP) or the CN matches. Unlike RFC 6125 6.4.4 the unit also looks at
 * the CN when DNS SANs exist, because its documentation says "SAN or CN". Wildcards follow
 * RFC 6125 6.4.3 strictly: "*" only as the whole left-most label, matching exactly one label,
 * never in IP addresses, and not directly above a top-level domain.
 */
final class HostNameMatcher {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostNameMatcher() {
    }

    static boolean matches(X509Certificate certificate, String host) {
        Optional<InetAddress> ip = IpLiterals.parse(host);
        List<String> dnsNames = new ArrayList<>();
        List<InetAddress> ipAddresses = new ArrayList<>();
        collectSubjectAltNames(certificate, dnsNames, ipAddresses);
        Optional<String> commonName = Certificates.commonName(certificate.getSubjectX500Principal());
        if (ip.isPresent()) {
            // RFC 6125 forbids IPs in CN, but the unit's "or CN" rule makes CN=192.0.2.1 acceptable.
            return ipAddresses.contains(ip.get())
                    || commonName.flatMap(IpLiterals::parse).filter(ip.get()::equals).isPresent();
        }
        String name = normalise(host);
        if (name.isEmpty()) {
            return false;
        }
        return dnsNames.stream().anyMatch(pattern -> dnsMatches(pattern, name))
                || commonName.filter(cn -> dnsMatches(cn, name)).isPresent();
    }

    static String describeNames(X509Certificate certificate) {
        List<String> dnsNames = new ArrayList<>();
        List<InetAddress> ipAddresses = new ArrayList<>();
        collectSubjectAltNames(certificate, dnsNames, ipAddresses);
        List<String> all = new ArrayList<>();
        dnsNames.forEach(d -> all.add("DNS:" + d));
        ipAddresses.forEach(i -> all.add("IP:" + i.getHostAddress()));
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
            return false;
        }
        String suffix = p.substring(1);                   // ".example.com"
        if (suffix.chars().filter(c -> c == '.').count() < 2) {
            return false;                                 // "*.com" would match a whole top-level domain
        }
        if (!host.endsWith(suffix)) {
            return false;
        }
        String label = host.substring(0, host.length() - suffix.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    private static String normalise(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static void collectSubjectAltNames(X509Certificate certificate, List<String> dnsNames, List<InetAddress> ipAddresses) {
        Collection<List<?>> entries;
        try {
            entries = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return;                                       // an unreadable SAN names nothing
        }
        if (entries == null) {
            return;
        }
        for (List<?> entry : entries) {
            int type = (Integer) entry.get(0);
            Object value = entry.get(1);
            if (type == SAN_DNS && value instanceof String dns) {
                dnsNames.add(dns);
            } else if (type == SAN_IP && value instanceof String address) {
                IpLiterals.parse(address).ifPresent(ipAddresses::add);
            }
        }
    }
}
