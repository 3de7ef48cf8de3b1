package org.secureta.transport.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * DNS for a server configured with port 0 (RFC 3263 4.2): the {@code _sips._tcp} SRV records of
 * its domain, in the order RFC 2782 prescribes (lowest priority first; within one priority a
 * weighted random order), and the addresses of each target. Uses the JDK's DNS provider (JNDI),
 * asking the configured server ({@code host:port}) or the system's name servers.
 */
final class SrvResolver {

    /** One SRV record: where a service of the domain runs. */
    record Target(int priority, int weight, int port, String host) {
    }

    private final String dnsServer;

    /** @param dnsServer {@code host:port} of the name server, empty for the system's */
    SrvResolver(String dnsServer) {
        this.dnsServer = dnsServer == null ? "" : dnsServer.strip();
    }

    /** Whether a configured server is found through SRV: a name (not an address) with port 0. */
    static boolean wantsSrv(String configured) {
        String value = configured == null ? "" : configured.strip();
        if (!value.endsWith(":0") || value.startsWith("[")) {
            return false;
        }
        String host = value.substring(0, value.length() - 2);
        return !host.isEmpty() && !host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    /** The SIPS-over-TLS servers of {@code domain}, in the order to try them. */
    List<Target> sipsTargets(String domain) throws NamingException {
        String name = "_sips._tcp." + domain;
        List<Target> records = new ArrayList<>();
        for (String value : lookup(name, "SRV")) {
            String[] fields = value.trim().split("\\s+");
            if (fields.length != 4) {
                throw new NamingException("SRV record of " + name + " is malformed: '" + value + "'");
            }
            String target = fields[3].endsWith(".") ? fields[3].substring(0, fields[3].length() - 1) : fields[3];
            if (target.isEmpty()) {
                continue; // "." : the service is decidedly not available at this domain (RFC 2782)
            }
            records.add(new Target(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]), Integer.parseInt(fields[2]),
                    target.toLowerCase(Locale.ROOT)));
        }
        if (records.isEmpty()) {
            throw new NamingException("no SRV record for " + name);
        }
        return ordered(records);
    }

    /** RFC 2782: by priority; within a priority, repeatedly pick by running sum of weights. */
    static List<Target> ordered(List<Target> records) {
        List<Target> remaining = new ArrayList<>(records);
        remaining.sort(Comparator.comparingInt(Target::priority));
        List<Target> result = new ArrayList<>();
        while (!remaining.isEmpty()) {
            int priority = remaining.get(0).priority();
            List<Target> group = new ArrayList<>(remaining.stream().filter(t -> t.priority() == priority).toList());
            remaining.removeAll(group);
            // Zero weights first, so they have a small chance when others have weight (RFC 2782).
            group.sort(Comparator.comparingInt(Target::weight));
            while (!group.isEmpty()) {
                int total = group.stream().mapToInt(Target::weight).sum();
                int pick = total == 0 ? 0 : ThreadLocalRandom.current().nextInt(total + 1);
                int sum = 0;
                for (Target candidate : group) {
                    sum += candidate.weight();
                    if (sum >= pick) {
                        result.add(candidate);
                        group.remove(candidate);
                        break;
                    }
                }
            }
        }
        return result;
    }

    /** The IPv4 addresses of a target host, from the same name server. */
    List<InetAddress> addresses(String host) throws NamingException {
        List<InetAddress> result = new ArrayList<>();
        for (String value : lookup(host, "A")) {
            try {
                result.add(InetAddress.getByName(value.trim()));
            } catch (UnknownHostException e) {
                throw new NamingException("A record of " + host + " is not an address: '" + value + "'");
            }
        }
        if (result.isEmpty()) {
            throw new NamingException("no A record for " + host);
        }
        return result;
    }

    private List<String> lookup(String name, String type) throws NamingException {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        environment.put("java.naming.provider.url", dnsServer.isEmpty() ? "dns:" : "dns://" + dnsServer);
        environment.put("com.sun.jndi.dns.timeout.initial", "1000");
        environment.put("com.sun.jndi.dns.timeout.retries", "2");
        DirContext context = new InitialDirContext(environment);
        try {
            Attributes attributes = context.getAttributes(name, new String[] {type});
            Attribute attribute = attributes.get(type);
            List<String> values = new ArrayList<>();
            if (attribute != null) {
                NamingEnumeration<?> all = attribute.getAll();
                while (all.hasMore()) {
                    values.add(String.valueOf(all.next()));
                }
            }
            return values;
        } finally {
            context.close();
        }
    }
}
