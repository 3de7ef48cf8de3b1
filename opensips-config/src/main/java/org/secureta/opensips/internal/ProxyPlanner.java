package org.secureta.opensips.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.secureta.opensips.internal.ProxyPlan.CertificateFiles;
import org.secureta.opensips.internal.ProxyPlan.TlsMinimum;
import org.secureta.opensips.internal.ProxyPlan.TlsPlan;
import org.secureta.provisioning.profile.Profile;

/**
 * Reads what a proxy needs from a unit's profile. The gateways, their servers and the lines are
 * read the way the unit reads them (provisioning's ProfileMapping): gateways are the rows of
 * SipEp.Gateway and SipEp.TransportConfig, a gateway's server is its GwSpecific* cell or else
 * the unit-wide DefaultStatic* variable, and the first TransportConfig row governs the transport.
 */
public final class ProxyPlanner {

    /** The guide's annex: links were dropped after 2 minutes; two hours outlives any registration refresh. */
    public static final int CONNECTION_LIFETIME = 7200;
    /** Shortest idle lifetime accepted: below a few seconds the proxies' timers (1 s ticks) make it meaningless. */
    public static final int MIN_CONNECTION_LIFETIME = 2;
    /** One day: a link idle for longer is a link the unit forgot, whatever the keep-alives. */
    public static final int MAX_CONNECTION_LIFETIME = 86400;

    private static final String TRANSPORT = "SipEp.TransportConfig";

    private ProxyPlanner() {
    }

    public static ProxyPlan plan(Profile p, String source, CertificateFiles certificates) throws PlanException {
        return plan(p, source, certificates, CONNECTION_LIFETIME);
    }

    /**
     * As {@link #plan(Profile, String, CertificateFiles)}, with idle TLS links closed after
     * {@code connectionLifetime} seconds instead of {@value #CONNECTION_LIFETIME} (a lab replaying
     * the guide's 2-minute drop, scaled down).
     */
    public static ProxyPlan plan(Profile p, String source, CertificateFiles certificates, int connectionLifetime) throws PlanException {
        if (connectionLifetime < MIN_CONNECTION_LIFETIME || connectionLifetime > MAX_CONNECTION_LIFETIME) {
            throw new IllegalArgumentException("connection lifetime " + connectionLifetime + " s out of range "
                    + MIN_CONNECTION_LIFETIME + ".." + MAX_CONNECTION_LIFETIME);
        }
        List<String> notes = new ArrayList<>();
        requireTls(p);
        Set<String> gateways = gateways(p);
        List<ServerAddress> listens = new ArrayList<>();
        for (String gw : gateways) {
            addServer(p, gw, "SipEp.GwSpecificRegistration", "ServerHost", "SipEp.DefaultStaticRegistrarServerHost", listens, notes);
        }
        if (listens.isEmpty()) {
            throw new PlanException("no registrar host: set SipEp.GwSpecificRegistration[" + gateways.iterator().next()
                    + "].ServerHost or SipEp.DefaultStaticRegistrarServerHost to the proxy's address (host[:port])");
        }
        for (String gw : gateways) {
            addServer(p, gw, "SipEp.GwSpecificProxy", "HomeDomainHost", "SipEp.DefaultStaticProxyHomeDomainHost", listens, notes);
        }
        for (String gw : gateways) {
            String outbound = specificOrDefault(p, "SipEp.GwSpecificProxy", gw, "OutboundHost", "SipEp.DefaultStaticProxyOutboundHost");
            if (!outbound.isEmpty()) {
                ServerAddress address = ServerAddress.parse(outbound, "SipEp.GwSpecificProxy[" + gw + "].OutboundHost");
                if (listens.stream().noneMatch(l -> l.sameSocket(address))) {
                    notes.add("gateway " + gw + " sends every request to the outbound proxy " + address.socket()
                            + " (" + address.variable() + "), where this configuration does not listen: that proxy must relay to it");
                }
            }
        }
        for (ServerAddress address : listens) {
            if (address.usesSrv()) {
                notes.add(address.variable() + " gives port 0 (DNS SRV): listening on " + ServerAddress.SIPS_PORT
                        + "; the _sips._tcp SRV record of " + address.host() + " must point there");
            }
        }
        String realm = listens.get(0).host();
        List<DigestUser> users = users(p, realm, notes);
        return new ProxyPlan(source, listens, realm, users, tls(p, notes), certificates, connectionLifetime,
                Integer.parseInt(p.get("SecureTA.TlsKeepAliveInterval")),
                "Enable".equals(p.cell(TRANSPORT, p.rows(TRANSPORT).get(0), "RegistrationEnable")), notes);
    }

    /** Guide 3.2: a unit without TLS sends REGISTER in clear, and a TLS-only proxy never answers it. */
    private static void requireTls(Profile p) throws PlanException {
        List<String> rows = p.rows(TRANSPORT);
        if (rows.isEmpty() || !"Enable".equals(p.cell(TRANSPORT, rows.get(0), "TlsEnable"))) {
            String row = rows.isEmpty() ? "GW" : rows.get(0);
            throw new PlanException("the profile does not enable TLS: set SipEp.TransportConfig[" + row + "].TlsEnable=Enable"
                    + " (a unit without TLS sends REGISTER in clear and a TLS proxy never answers it, guide 3.2)");
        }
    }

    static Set<String> gateways(Profile p) {
        Set<String> names = new LinkedHashSet<>(p.rows("SipEp.Gateway"));
        names.addAll(p.rows(TRANSPORT));
        return names;
    }

    private static void addServer(Profile p, String gw, String table, String column, String unitWide,
                                  List<ServerAddress> listens, List<String> notes) {
        boolean specific = p.rows(table).contains(gw) && !p.cell(table, gw, column).isEmpty();
        String value = specific ? p.cell(table, gw, column) : p.get(unitWide);
        if (value.isEmpty()) {
            return;
        }
        ServerAddress address = ServerAddress.parse(value, specific ? table + "[" + gw + "]." + column : unitWide);
        for (int i = 0; i < listens.size(); i++) {
            ServerAddress known = listens.get(i);
            if (known.sameSocket(address)) {
                if (!known.variable().contains(address.variable())) {
                    listens.set(i, new ServerAddress(known.host(), known.port(), known.variable() + ", " + address.variable()));
                }
                return;
            }
        }
        listens.add(address);
    }

    private static String specificOrDefault(Profile p, String table, String gw, String column, String unitWide) {
        String specific = p.rows(table).contains(gw) ? p.cell(table, gw, column) : "";
        return specific.isEmpty() ? p.get(unitWide) : specific;
    }

    /**
     * The digest user of a line is SipEp.Authentication[ep].Username, or the line's SIP user name
     * when empty (what the unit answers a challenge with). Lines that share credentials may each
     * register as themselves; two lines with the same digest user and different passwords cannot
     * both be checked and are refused.
     */
    private static List<DigestUser> users(Profile p, String defaultRealm, List<String> notes) throws PlanException {
        List<String> authRows = p.rows("SipEp.Authentication");
        if (authRows.isEmpty()) {
            notes.add("the profile has no SipEp.Authentication rows: the proxy registers and relays for any user without"
                    + " digest authentication (a lab setting)");
            return List.of();
        }
        List<DigestUser> users = new ArrayList<>();
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String ep : p.rows("SipEp.UserAgent")) {
            String sipUser = p.cell("SipEp.UserAgent", ep, "Username");
            boolean registers = "Enable".equals(p.cell("SipEp.UserAgent", ep, "Register"));
            if (!authRows.contains(ep)) {
                if (registers) {
                    notes.add("line " + ep + " (" + sipUser + ") registers but has no SipEp.Authentication[" + ep
                            + "] row: the proxy challenges it and it cannot answer");
                }
                continue;
            }
            String authUser = p.cell("SipEp.Authentication", ep, "Username");
            if (authUser.isEmpty()) {
                authUser = sipUser;
            }
            String password = p.cell("SipEp.Authentication", ep, "Password");
            if (password.isEmpty()) {
                notes.add("SipEp.Authentication[" + ep + "].Password is empty: the proxy does not accept line " + ep
                        + " (" + authUser + ") without a password");
                continue;
            }
            String previous = passwords.putIfAbsent(authUser, password);
            if (previous != null && !previous.equals(password)) {
                throw new PlanException("SipEp.Authentication[" + ep + "]: digest user '" + authUser
                        + "' is given two different passwords; a proxy checks one password per digest user");
            }
            String realm = p.cell("SipEp.Authentication", ep, "Realm");
            users.add(new DigestUser(ep, authUser, password, sipUser, realm.isEmpty() ? defaultRealm : realm));
        }
        return users;
    }

    /**
     * The unit offers its highest version and accepts down to SipEp.TransportTlsVersion; SecureTA
     * goes below TLS 1.2 only with SecureTA.AllowLegacyTls=Enable and never to SSLv3 (RFC 7568).
     */
    private static TlsPlan tls(Profile p, List<String> notes) {
        String requested = p.get("SipEp.TransportTlsVersion");
        boolean legacy = "Enable".equals(p.get("SecureTA.AllowLegacyTls"));
        TlsMinimum minimum;
        switch (requested) {
            case "SSLv3" -> {
                minimum = legacy ? TlsMinimum.TLS_1_0 : TlsMinimum.TLS_1_2;
                notes.add("SipEp.TransportTlsVersion=SSLv3: SSLv3 is prohibited (RFC 7568) and neither SecureTA nor the proxy"
                        + " speaks it; the proxy's minimum is " + (legacy ? "TLSv1 (SecureTA.AllowLegacyTls=Enable)" : "TLSv1.2"));
            }
            case "TLSv1" -> minimum = legacy ? TlsMinimum.TLS_1_0 : TlsMinimum.TLS_1_2;
            case "TLSv1_1" -> minimum = legacy ? TlsMinimum.TLS_1_1 : TlsMinimum.TLS_1_2;
            default -> minimum = TlsMinimum.TLS_1_2;
        }
        String validation = p.get("SipEp.InteropTlsCertificateValidation");
        boolean clientAuthentication = "Enable".equals(p.get("SipEp.InteropTlsClientAuthenticationEnable"));
        return new TlsPlan(requested, minimum, legacy, p.get("SipEp.TransportTlsCipherSuite"),
                clientAuthentication, !"NoValidation".equals(validation), validation);
    }
}
