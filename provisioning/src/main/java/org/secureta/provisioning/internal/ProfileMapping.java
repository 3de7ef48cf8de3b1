package org.secureta.provisioning.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.secureta.provisioning.metrics.MetricsConfiguration;
import org.secureta.provisioning.profile.Profile;
import org.secureta.srtp.CallAgentConfiguration;
import org.secureta.srtp.LineSecurityConfiguration;
import org.secureta.transport.GatewayConfiguration;
import org.secureta.transport.LineConfiguration;
import org.secureta.transport.TransportConfiguration;

/**
 * Maps the unit's variables onto the typed configurations of the data-plane components. This is
 * the only place that knows both vocabularies: the data plane never sees a variable name.
 */
final class ProfileMapping {

    private static final String TRANSPORT = "SipEp.TransportConfig";
    /**
     * The key managements' own configurations (MikeyKeyManagement.PID, SdesKeyManagement.PID): their
     * packages are private to srtp-ta, so the PIDs are written here rather than imported.
     */
    static final String MIKEY_PID = "org.secureta.srtp.mikey";
    static final String SDES_PID = "org.secureta.srtp.sdes";

    /** Every factory PID the mapping writes, so that configurations it no longer writes can be removed. */
    static final Set<String> FACTORY_PIDS = Set.of(
            GatewayConfiguration.FACTORY_PID, LineConfiguration.FACTORY_PID, LineSecurityConfiguration.FACTORY_PID);

    private ProfileMapping() {
    }

    static List<ConfigurationRecord> map(Profile p, Path home) {
        return map(p, home, 0);
    }

    /**
     * @param certificatesGeneration how many times the installed certificates changed and were
     *                               taken over by a restart: a new value restarts the TLS transport,
     *                               which reads the certificate store only when it starts
     */
    static List<ConfigurationRecord> map(Profile p, Path home, int certificatesGeneration) {
        List<ConfigurationRecord> records = new ArrayList<>();
        Map<String, Object> transport = transport(p, home);
        transport.put("certificatesGeneration", certificatesGeneration);
        records.add(ConfigurationRecord.singleton(TransportConfiguration.PID, transport));
        for (String gateway : gateways(p)) {
            records.add(ConfigurationRecord.factory(GatewayConfiguration.FACTORY_PID, gateway, gateway(p, gateway)));
        }
        for (String ep : p.rows("SipEp.UserAgent")) {
            records.add(ConfigurationRecord.factory(LineConfiguration.FACTORY_PID, ep, line(p, ep)));
        }
        records.add(ConfigurationRecord.singleton(CallAgentConfiguration.PID, callAgent(p, home)));
        records.add(ConfigurationRecord.singleton(MIKEY_PID, mikey(p)));
        records.add(ConfigurationRecord.singleton(SDES_PID, sdes(p)));
        records.add(ConfigurationRecord.singleton(MetricsConfiguration.PID, metrics(p)));
        for (String ep : p.rows("Mipt.EpSpecificSecurity")) {
            if (enabled(p.cell("Mipt.EpSpecificSecurity", ep, "EnableConfig"))) {
                records.add(ConfigurationRecord.factory(LineSecurityConfiguration.FACTORY_PID, ep, lineSecurity(p, ep)));
            }
        }
        return records;
    }

    /** The management plane's metrics (MetricsConfiguration): served or not, per-line series or totals only. */
    private static Map<String, Object> metrics(Profile p) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("enabled", enabled(p.get("SecureTA.MetricsEnable")));
        c.put("perLineSeries", enabled(p.get("SecureTA.MetricsPerLineSeries")));
        return c;
    }

    /** The first row of SipEp.TransportConfig governs the whole unit; with no row, the defaults. */
    static String transport(Profile p) {
        List<String> rows = p.rows(TRANSPORT);
        String row = rows.isEmpty() ? null : rows.get(0);
        if (row != null && enabled(p.cell(TRANSPORT, row, "TlsEnable"))) {
            return "TLS";
        }
        if (row != null && !enabled(p.cell(TRANSPORT, row, "UdpEnable")) && enabled(p.cell(TRANSPORT, row, "TcpEnable"))) {
            return "TCP";
        }
        return "UDP";
    }

    private static Map<String, Object> transport(Profile p, Path home) {
        List<String> rows = p.rows(TRANSPORT);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("transport", transport(p));
        c.put("persistentBasePort", integer(p.get("SipEp.TransportPersistentBasePort")));
        c.put("persistentPortInterval", integer(p.get("SipEp.TransportPersistentPortInterval")));
        c.put("failbackInterval", integer(p.get("SipEp.TransportFailbackInterval")));
        c.put("tlsVersion", p.get("SipEp.TransportTlsVersion"));
        c.put("allowLegacyTls", enabled(p.get("SecureTA.AllowLegacyTls")));
        c.put("dnsServer", p.get("SecureTA.DnsServer"));
        c.put("maxMessageSize", integer(p.get("SecureTA.SipMaxMessageSize")));
        c.put("maxInboundConnections", integer(p.get("SecureTA.SipMaxInboundConnections")));
        c.put("tlsHandshakeTimeout", integer(p.get("SecureTA.TlsHandshakeTimeout")));
        c.put("inboundIdleTimeout", integer(p.get("SecureTA.SipInboundIdleTimeout")));
        c.put("cipherSuite", p.get("SipEp.TransportTlsCipherSuite"));
        c.put("certificateValidation", p.get("SipEp.InteropTlsCertificateValidation"));
        c.put("clientAuthentication", enabled(p.get("SipEp.InteropTlsClientAuthenticationEnable")));
        c.put("registrationTransportParameter", !rows.isEmpty() && enabled(p.cell(TRANSPORT, rows.get(0), "RegistrationEnable")));
        c.put("contactTransportParameter", !rows.isEmpty() && enabled(p.cell(TRANSPORT, rows.get(0), "ContactEnable")));
        c.put("keepAliveInterval", integer(p.get("SecureTA.TlsKeepAliveInterval")));
        c.put("registrationRetryTime", integer(p.get("SipEp.DefaultRegistrationRetryTime")));
        c.put("registrationRetryMaxTime", integer(p.get("SecureTA.RegistrationRetryMaxTime")));
        c.put("registrationExpires", integer(p.get("SipEp.DefaultRegistrationProposedExpirationValue")));
        c.put("trustedCertificatesDirectory", home.resolve("certs/other").toString());
        c.put("hostCertificatesDirectory", home.resolve("certs/host").toString());
        c.put("tlsKeyLogFile", enabled(p.get("SecureTA.TlsKeyLogEnable")) ? home.resolve("keylog/tls-keys.log").toString() : "");
        return c;
    }

    /** Gateways named anywhere: SipEp.Gateway rows first, then TransportConfig rows. */
    static Set<String> gateways(Profile p) {
        Set<String> names = new LinkedHashSet<>(p.rows("SipEp.Gateway"));
        names.addAll(p.rows(TRANSPORT));
        return names;
    }

    private static Map<String, Object> gateway(Profile p, String gw) {
        Map<String, Object> c = new LinkedHashMap<>();
        boolean declared = p.rows("SipEp.Gateway").contains(gw);
        c.put("name", gw);
        c.put("type", declared ? p.cell("SipEp.Gateway", gw, "Type") : "Endpoint");
        c.put("port", declared ? integer(p.cell("SipEp.Gateway", gw, "Port")) : 0);
        c.put("securePort", declared ? integer(p.cell("SipEp.Gateway", gw, "SecurePort")) : 0);
        c.put("registrarHost", specificOrDefault(p, "SipEp.GwSpecificRegistration", gw, "ServerHost", "SipEp.DefaultStaticRegistrarServerHost"));
        c.put("proxyHost", specificOrDefault(p, "SipEp.GwSpecificProxy", gw, "HomeDomainHost", "SipEp.DefaultStaticProxyHomeDomainHost"));
        c.put("outboundProxyHost", specificOrDefault(p, "SipEp.GwSpecificProxy", gw, "OutboundHost", "SipEp.DefaultStaticProxyOutboundHost"));
        return c;
    }

    private static String specificOrDefault(Profile p, String table, String gw, String column, String unitWide) {
        String specific = p.rows(table).contains(gw) ? p.cell(table, gw, column) : "";
        return specific.isEmpty() ? p.get(unitWide) : specific;
    }

    private static Map<String, Object> line(Profile p, String ep) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("endpointId", ep);
        c.put("username", p.cell("SipEp.UserAgent", ep, "Username"));
        c.put("friendlyName", p.cell("SipEp.UserAgent", ep, "FriendlyName"));
        c.put("register", enabled(p.cell("SipEp.UserAgent", ep, "Register")));
        String gateway = p.cell("SipEp.UserAgent", ep, "GatewayName");
        c.put("gatewayName", gateway.isEmpty() ? gateways(p).stream().findFirst().orElse("") : gateway);
        boolean auth = p.rows("SipEp.Authentication").contains(ep);
        c.put("authUsername", auth ? p.cell("SipEp.Authentication", ep, "Username") : "");
        c.put("authRealm", auth ? p.cell("SipEp.Authentication", ep, "Realm") : "");
        // Leading dot: private to the component, never a service property.
        c.put(".authPassword", auth ? p.cell("SipEp.Authentication", ep, "Password") : "");
        return c;
    }

    private static Map<String, Object> callAgent(Profile p, Path home) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("srtpKeyLogFile", enabled(p.get("SecureTA.SrtpKeyLogEnable")) ? home.resolve("keylog/srtp-keys.log").toString() : "");
        c.put("rtpMode", p.get("Mipt.DefaultSecurityRtpMode"));
        c.put("keyManagement", p.get("Mipt.DefaultSecurityKeyManagement"));
        c.put("rtpEncryption", p.get("Mipt.DefaultSecurityRtpEncryption"));
        c.put("allowUnsecureT38", enabled(p.get("Mipt.AllowUnsecureT38WithSrtp")));
        c.put("sessionUpdateCryptoMode", p.get("Mipt.SessionUpdateCryptoMode"));
        c.put("srtpBasePort", integer(p.get("Mipt.IpTransportSrtpBasePort")));
        c.put("rejectCodeForUnsupportedOffer", integer(p.get("SipEp.InteropRejectCodeForUnsupportedSdpOffer")));
        c.put("autoAnswer", enabled(p.get("SecureTA.AutoAnswer")));
        c.put("mediaAddress", p.get("SecureTA.MediaAddress"));
        c.put("maxCallsPerLine", integer(p.get("SecureTA.MaxCallsPerLine")));
        c.put("maxCalls", integer(p.get("SecureTA.MaxCalls")));
        c.put("mediaEngine", p.get("SecureTA.MediaEngine"));
        return c;
    }

    /** MIKEY's own settings: the call agent never sees the pre-shared key. */
    private static Map<String, Object> mikey(Profile p) {
        Map<String, Object> c = new LinkedHashMap<>();
        // Leading dot: private to the component, never a service property.
        c.put(".preSharedKey", p.get("SecureTA.MikeyPreSharedKey"));
        return c;
    }

    /** SDES's own settings. */
    private static Map<String, Object> sdes(Profile p) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("keyLifetime", p.get("SecureTA.SrtpKeyLifetime"));
        return c;
    }

    private static Map<String, Object> lineSecurity(Profile p, String ep) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("endpointId", ep);
        c.put("rtpMode", p.cell("Mipt.EpSpecificSecurity", ep, "RtpMode"));
        c.put("keyManagement", p.cell("Mipt.EpSpecificSecurity", ep, "KeyManagement"));
        c.put("rtpEncryption", p.cell("Mipt.EpSpecificSecurity", ep, "RtpEncryption"));
        return c;
    }

    private static boolean enabled(String value) {
        return "Enable".equals(value);
    }

    private static int integer(String value) {
        return Integer.parseInt(value);
    }
}
