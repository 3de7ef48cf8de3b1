package org.secureta.launcher.fleet;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The template profile of a fleet and the profile of its unit {@code i}, derived from the
 * unit's global index (shards included, so that no two units anywhere share a user or a port):
 *
 * <ul>
 * <li>user {@code firstUser + i}: the line's {@code SipEp.UserAgent[ROW].Username} and its
 * {@code SipEp.Authentication[ROW].Username}; {@code {user}} and {@code {index}} anywhere in a
 * value (e.g. {@code Password=secret-{user}}) are replaced too, so each unit can have its own
 * credentials;</li>
 * <li>its persistent link's local port: {@code SipEp.TransportPersistentBasePort + i * span},
 * span being one port per gateway and cycling window ({@code TransportPersistentPortInterval + 1});</li>
 * <li>its media ports: {@code Mipt.IpTransportSrtpBasePort + i * 2 * SecureTA.MaxCalls} (RTP and
 * RTCP per call), unless the template says 0 (any free port);</li>
 * <li>{@code SecureTA.AutoAnswer=Enable}: a fleet's calls are answered by other units of it.</li>
 * </ul>
 *
 * Plain text in, text out: the unit's profile is then checked by provisioning's own parser.
 */
public final class UnitTemplate {

    static final String USERNAME = "Username";
    private static final String LINK_BASE = "SipEp.TransportPersistentBasePort";
    private static final String LINK_INTERVAL = "SipEp.TransportPersistentPortInterval";
    private static final String MEDIA_BASE = "Mipt.IpTransportSrtpBasePort";
    private static final String MAX_CALLS = "SecureTA.MaxCalls";
    /** The schema's defaults (docs/profile.md), for a template that leaves them out. */
    private static final int DEFAULT_LINK_BASE = 16000;
    private static final int DEFAULT_MEDIA_BASE = 5004;
    private static final int DEFAULT_MAX_CALLS = 16;

    private final Map<String, String> variables;
    private final String lineRow;
    private final String gateway;
    private final int firstUser;
    private final int linkBase;
    private final int linkSpan;
    private final int mediaBase;
    private final int mediaSpan;

    private UnitTemplate(Map<String, String> variables, String lineRow, String gateway, int firstUser, int linkBase, int linkSpan,
                         int mediaBase, int mediaSpan) {
        this.variables = variables;
        this.lineRow = lineRow;
        this.gateway = gateway;
        this.firstUser = firstUser;
        this.linkBase = linkBase;
        this.linkSpan = linkSpan;
        this.mediaBase = mediaBase;
        this.mediaSpan = mediaSpan;
    }

    /**
     * Reads the template and checks that {@code units} units fit: one line, a numeric first user,
     * every unit's ports within 65535.
     *
     * @param firstUser the {@code --first-user}, or -1 for the template's Username
     */
    public static UnitTemplate parse(String text, String source, int units, int firstUser) {
        Map<String, String> variables = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(source + " line " + (n + 1) + ": expected Service.Variable=Value");
            }
            variables.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        if (!rows(variables, "Mipt.EpSpecificSecurity").isEmpty()) {
            // The fleet's call agents take the unit-wide security only; a line override silently ignored would mislead.
            throw new IllegalArgumentException(source + ": Mipt.EpSpecificSecurity (a line's own security) is not supported by ta fleet yet:"
                    + " set the unit-wide Mipt.DefaultSecurity* variables instead");
        }
        Set<String> rows = rows(variables, "SipEp.UserAgent");
        if (rows.size() != 1) {
            throw new IllegalArgumentException(source + ": a fleet template configures exactly one line (SipEp.UserAgent[ROW]); it has "
                    + (rows.isEmpty() ? "none" : rows.size() + ": " + String.join(", ", rows)));
        }
        String row = rows.iterator().next();
        String username = variables.getOrDefault("SipEp.UserAgent[" + row + "]." + USERNAME, "");
        if (firstUser < 0) {
            try {
                firstUser = Integer.parseInt(username);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": SipEp.UserAgent[" + row + "].Username is '" + username
                        + "', not a number to count users from: give --first-user U");
            }
        }
        if ((long) firstUser + units - 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("user " + firstUser + " + " + units + " units runs past the largest user number");
        }
        String gateway = variables.getOrDefault("SipEp.UserAgent[" + row + "].GatewayName", "");
        if (gateway.isEmpty()) {
            Set<String> gateways = gateways(variables);
            gateway = gateways.isEmpty() ? "" : gateways.iterator().next();
        }
        int gateways = Math.max(1, gateways(variables).size());
        int linkBase = number(variables, LINK_BASE, DEFAULT_LINK_BASE, source);
        int linkSpan = gateways * (number(variables, LINK_INTERVAL, 0, source) + 1);
        int mediaBase = number(variables, MEDIA_BASE, DEFAULT_MEDIA_BASE, source);
        int mediaSpan = 2 * number(variables, MAX_CALLS, DEFAULT_MAX_CALLS, source);
        long lastLink = (long) linkBase + (long) units * linkSpan - 1;
        if (lastLink > 65535) {
            throw new IllegalArgumentException(units + " units from " + LINK_BASE + "=" + linkBase + " need local ports up to " + lastLink
                    + ", past 65535: lower " + LINK_BASE + " or run fewer units per machine (--shard)");
        }
        if (mediaBase != 0) {
            long lastMedia = (long) mediaBase + (long) units * mediaSpan - 1;
            if (lastMedia > 65535) {
                throw new IllegalArgumentException(units + " units from " + MEDIA_BASE + "=" + mediaBase + " with " + MAX_CALLS + "="
                        + mediaSpan / 2 + " need media ports up to " + lastMedia + ", past 65535: lower them, or set " + MEDIA_BASE
                        + "=0 (any free port)");
            }
            if (mediaBase <= lastLink && linkBase <= lastMedia) {
                throw new IllegalArgumentException("the units' link ports " + linkBase + ".." + lastLink + " and media ports " + mediaBase + ".."
                        + lastMedia + " overlap: move " + LINK_BASE + " or " + MEDIA_BASE);
            }
        }
        return new UnitTemplate(variables, row, gateway, firstUser, linkBase, linkSpan, mediaBase, mediaSpan);
    }

    private static int number(Map<String, String> variables, String name, int otherwise, String source) {
        String value = variables.get(name);
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": " + name + " is '" + value + "', not a number");
        }
    }

    private static Set<String> rows(Map<String, String> variables, String table) {
        Set<String> rows = new LinkedHashSet<>();
        for (String name : variables.keySet()) {
            if (name.startsWith(table + "[") && name.indexOf(']') > table.length()) {
                rows.add(name.substring(table.length() + 1, name.indexOf(']')));
            }
        }
        return rows;
    }

    /** Gateways named anywhere: SipEp.Gateway rows, then TransportConfig rows (as provisioning counts them). */
    private static Set<String> gateways(Map<String, String> variables) {
        Set<String> names = rows(variables, "SipEp.Gateway");
        names.addAll(rows(variables, "SipEp.TransportConfig"));
        return names;
    }

    /** The line's row name (e.g. Port1). */
    public String lineRow() {
        return lineRow;
    }

    /** The gateway the line registers at. */
    public String gateway() {
        return gateway;
    }

    public int user(int index) {
        return firstUser + index;
    }

    public int linkPort(int index) {
        return linkBase + index * linkSpan;
    }

    /** The unit's first media port, 0 for any free port. */
    public int mediaPort(int index) {
        return mediaBase == 0 ? 0 : mediaBase + index * mediaSpan;
    }

    /** The template's value of a variable, empty if unset. */
    public String get(String name) {
        return variables.getOrDefault(name, "");
    }

    /**
     * Unit {@code index}'s profile. {@code registrar}: when the fleet runs its own proxy, its
     * {@code host:port}, which replaces the line gateway's registrar and proxy hosts.
     */
    public Map<String, String> unit(int index, String registrar) {
        String user = Integer.toString(user(index));
        Map<String, String> p = new LinkedHashMap<>();
        variables.forEach((k, v) -> p.put(k, v.replace("{user}", user).replace("{index}", Integer.toString(index))));
        p.put("SipEp.UserAgent[" + lineRow + "]." + USERNAME, user);
        String auth = "SipEp.Authentication[" + lineRow + "]." + USERNAME;
        if (p.containsKey(auth)) {
            p.put(auth, user);
        }
        p.put(LINK_BASE, Integer.toString(linkPort(index)));
        p.put(MEDIA_BASE, Integer.toString(mediaPort(index)));
        p.put("SecureTA.AutoAnswer", "Enable");
        if (registrar != null) {
            p.put("SipEp.GwSpecificRegistration[" + gateway + "].ServerHost", registrar);
            for (String other : new String[] {"SipEp.GwSpecificProxy[" + gateway + "].HomeDomainHost",
                    "SipEp.GwSpecificProxy[" + gateway + "].OutboundHost", "SipEp.DefaultStaticRegistrarServerHost",
                    "SipEp.DefaultStaticProxyHomeDomainHost", "SipEp.DefaultStaticProxyOutboundHost"}) {
                if (p.containsKey(other) && !p.get(other).isEmpty()) {
                    p.put(other, registrar);
                }
            }
        }
        return p;
    }

    /** A profile's text, one {@code Variable=value} per line (holds the password: never print it). */
    public static String text(Map<String, String> profile) {
        StringBuilder s = new StringBuilder();
        profile.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
        return s.toString();
    }
}
