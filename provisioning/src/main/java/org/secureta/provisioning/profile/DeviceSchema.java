package org.secureta.provisioning.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The unit's configuration variables: the names, values and defaults of the DGW 2.0 MIBs
 * (services SipEp, Mipt, Cert, Hoc, Scm), plus SecureTA extensions under {@code SecureTA.*}
 * where the unit has no variable. See docs/profile.md.
 */
public final class DeviceSchema {

    private static final String SIPEP = "SipEp";
    private static final String MIPT = "Mipt";
    private static final ValueType ENABLE = ValueType.Choice.of("Enable", "Disable");
    private static final ValueType SEVERITY = ValueType.Choice.of("Debug", "Info", "Warning", "Error", "Critical");
    private static final ValueType PORT = ValueType.Number.between(0, 65535);

    /** The schema of the emulated unit. */
    public static final DeviceSchema DGW_2_0 = new DeviceSchema(unitScalars(), unitTables(), Set.of(
            "SipEp.TlsPersistentConnectionStatus", "SipEp.RegistrationStatus",
            "Cert.HostCertificatesInfo", "Cert.OthersCertificatesInfo", "Scm.RestartRequiredServices"));

    private final Map<String, VariableSpec> scalars;
    private final Map<String, TableSpec> tables;
    private final Set<String> readOnly;

    private DeviceSchema(List<VariableSpec> scalars, List<TableSpec> tables, Set<String> readOnly) {
        Map<String, VariableSpec> s = new LinkedHashMap<>();
        scalars.forEach(v -> s.put(v.name(), v));
        Map<String, TableSpec> t = new LinkedHashMap<>();
        tables.forEach(table -> t.put(table.name(), table));
        this.scalars = Collections.unmodifiableMap(s);
        this.tables = Collections.unmodifiableMap(t);
        this.readOnly = Set.copyOf(readOnly);
    }

    /** Scalar variables in the order a profile lists them. */
    public Map<String, VariableSpec> scalars() {
        return scalars;
    }

    /** Tables in the order a profile lists them. */
    public Map<String, TableSpec> tables() {
        return tables;
    }

    public Optional<VariableSpec> scalar(String name) {
        return Optional.ofNullable(scalars.get(name));
    }

    public Optional<TableSpec> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /** Status tables and actions of the unit: they exist, but a profile cannot set them. */
    public boolean isReadOnly(String name) {
        return readOnly.contains(name);
    }

    /** The spec of the variable at {@code address}, or empty when the unit has no such variable. */
    public Optional<VariableSpec> spec(VariableAddress address) {
        if (address.isCell()) {
            return table(address.name()).flatMap(t -> t.column(address.column().get()));
        }
        return scalar(address.name());
    }

    private static VariableSpec v(String name, ValueType type, String def, String restart, String description) {
        return new VariableSpec(name, type, def, Optional.ofNullable(restart), false, false, description);
    }

    private static VariableSpec secret(String name, ValueType type, String restart, String description) {
        return new VariableSpec(name, type, "", Optional.ofNullable(restart), true, name.startsWith("SecureTA."), description);
    }

    private static VariableSpec ext(String name, ValueType type, String def, String restart, String description) {
        return new VariableSpec(name, type, def, Optional.ofNullable(restart), false, true, description);
    }

    private static List<VariableSpec> unitScalars() {
        List<VariableSpec> s = new ArrayList<>();
        // SIP transport and TLS (SipEp)
        s.add(v("SipEp.TransportPersistentBasePort", ValueType.Number.between(1025, 64535), "16000", SIPEP,
                "Local port of a persistent connection: the first free port from the base upward"));
        s.add(v("SipEp.TransportPersistentPortInterval", ValueType.Number.zeroOr(100, 1000), "0", SIPEP,
                "Cycle local ports base..base+interval (0: no cycling)"));
        s.add(v("SipEp.TransportFailbackInterval", ValueType.Number.between(5, 3600), "15", SIPEP,
                "Seconds between attempts to re-establish a persistent connection"));
        // Registration timing (names of the DGW's SipEp registration group, MX-SIPEP-MIB)
        s.add(v("SipEp.DefaultRegistrationRetryTime", ValueType.Number.between(1, 3600), "60", SIPEP,
                "Seconds before a line tries again after a refused (401/403/4xx-6xx), unanswered or lost REGISTER;"
                        + " doubled after each further failure up to SecureTA.RegistrationRetryMaxTime, each wait spread +-25 %"));
        s.add(v("SipEp.DefaultRegistrationProposedExpirationValue", ValueType.Number.between(1, 86400), "3600", SIPEP,
                "Expires the unit asks for in REGISTER, seconds (the registrar may grant less)"));
        s.add(v("SipEp.TransportTlsVersion", ValueType.Choice.of("SSLv3", "TLSv1", "TLSv1_1", "TLSv1_2"), "TLSv1", SIPEP,
                "Minimum accepted TLS version; the unit offers its highest"));
        s.add(v("SipEp.TransportTlsCipherSuite", ValueType.Choice.of("CS1", "CS2", "CS3"), "CS1", SIPEP,
                "CS1: RSA key exchange AES-CBC; CS2: adds DHE-RSA; CS3: ECDHE/DHE with GCM"));
        s.add(v("SipEp.InteropTlsCertificateValidation",
                ValueType.Choice.of("NoValidation", "TrustedCertificate", "DnsSrvResponse", "HostName"), "HostName", SIPEP,
                "How the unit as TLS client validates the server certificate"));
        s.add(v("SipEp.InteropTlsClientAuthenticationEnable", ENABLE, "Disable", SIPEP,
                "Unit as TLS server: require a client certificate"));
        s.add(v("SipEp.InteropRejectCodeForUnsupportedSdpOffer", ValueType.Choice.of("415", "488"), "415", null,
                "Response to an SDP offer that cannot be accepted"));
        s.add(v("SipEp.DefaultStaticRegistrarServerHost", ValueType.Text.HOST_PORT, "", SIPEP, "Registrar of all gateways"));
        s.add(v("SipEp.DefaultStaticProxyHomeDomainHost", ValueType.Text.HOST_PORT, "", SIPEP, "Proxy home domain of all gateways"));
        s.add(v("SipEp.DefaultStaticProxyOutboundHost", ValueType.Text.HOST_PORT, "", SIPEP, "Outbound proxy of all gateways"));
        s.add(v("SipEp.MinSeverity", SEVERITY, "Warning", null, "Minimum syslog severity of the SIP service"));
        // Secure RTP (Mipt)
        s.add(v("Mipt.DefaultSecurityRtpMode", ValueType.Choice.of("Unsecure", "Secure", "SecureWithFallback"), "Unsecure", null,
                "Secure: SRTP only (RTP/SAVP); SecureWithFallback: offer SRTP, accept plain RTP"));
        s.add(v("Mipt.DefaultSecurityKeyManagement", ValueType.Text.KEY_MANAGEMENT, "Mikey", null,
                "Mikey (RFC 3830, session level) or Sdes (RFC 4568, media level), the DGW's two; or the name of a key management "
                        + "an extension bundle registers (docs/extending.md); only one at a time; a call names the registered ones "
                        + "when this one is missing"));
        s.add(v("Mipt.DefaultSecurityRtpEncryption", ValueType.Choice.of("Null", "AesCm128"), "AesCm128", null,
                "Null: authenticated, unencrypted SRTP for debugging (MIKEY only)"));
        s.add(v("Mipt.AllowUnsecureT38WithSrtp", ENABLE, "Disable", null, "Accept a switch to T.38 (never encrypted) in a secure call"));
        s.add(v("Mipt.SessionUpdateCryptoMode", ValueType.Choice.of("Regenerate", "Keep"), "Regenerate", null,
                "New SDES keys on re-INVITE, or keep them"));
        s.add(v("Mipt.IpTransportSrtpBasePort", ValueType.Number.zeroOr(1025, 65435), "5004", MIPT, "First media port"));
        s.add(v("Mipt.MinSeverity", SEVERITY, "Warning", null, "Minimum syslog severity of the media service"));
        // Certificates and time
        s.add(v("Cert.MinSeverity", SEVERITY, "Warning", null, "Minimum syslog severity of the certificate service"));
        s.add(v("Hoc.SntpConfigSource", ValueType.Choice.of("Automatic", "Static"), "Static", null,
                "Where the SNTP servers come from (Automatic would be DHCP, which the emulator has not)"));
        s.add(v("Hoc.SntpSynchronizationPeriod", ValueType.Number.between(1, 10080), "1440", null, "Minutes between SNTP synchronisations"));
        s.add(v("Hoc.MinSeverity", SEVERITY, "Warning", null, "Minimum syslog severity of the host service"));
        // SecureTA extensions: the unit has no variable for these
        s.add(secret("SecureTA.MikeyPreSharedKey", ValueType.Text.HEX_KEY, null,
                "MIKEY pre-shared key, hexadecimal (a setting of the Mikey key management, not of the call agent)"));
        s.add(ext("SecureTA.AllowLegacyTls", ENABLE, "Disable", SIPEP,
                "Allow TLSv1/TLSv1.1, which the JDK disables (needed for TransportTlsVersion below TLSv1_2 to mean anything)"));
        s.add(ext("SecureTA.TlsKeyLogEnable", ENABLE, "Disable", SIPEP,
                "Write TLS session secrets to HOME/keylog/tls-keys.log (NSS format) for Wireshark; troubleshooting only"));
        s.add(ext("SecureTA.TlsKeepAliveInterval", ValueType.Number.between(0, 3600), "0", SIPEP,
                "Seconds between RFC 5626 CRLF keep-alives on persistent links (0: off)"));
        s.add(ext("SecureTA.SipMaxMessageSize", ValueType.Number.between(1024, 16777216), "65536", SIPEP,
                "Largest SIP message (headers and body) accepted on a TLS/TCP connection, bytes; a larger request gets 413 and its"
                        + " connection is closed"));
        s.add(ext("SecureTA.SipMaxInboundConnections", ValueType.Number.between(1, 10000), "64", SIPEP,
                "Connections the unit's TLS servers hold at once; more are closed as they arrive"));
        s.add(ext("SecureTA.TlsHandshakeTimeout", ValueType.Number.between(1, 120), "10", SIPEP,
                "Seconds an accepted connection has to complete its TLS handshake"));
        s.add(ext("SecureTA.SipInboundIdleTimeout", ValueType.Number.between(1, 86400), "600", SIPEP,
                "Seconds an accepted connection may stay silent before the unit closes it"));
        s.add(ext("SecureTA.RegistrationRetryMaxTime", ValueType.Number.between(1, 86400), "600", SIPEP,
                "Longest wait between two registration attempts of a line, seconds (the back-off's cap)"));
        s.add(ext("SecureTA.DnsServer", ValueType.Text.HOST_PORT, "", SIPEP,
                "DNS server host[:port] for the SRV lookups of servers written with port 0 (empty: the system's resolver)"));
        s.add(ext("SecureTA.MediaAddress", ValueType.Text.IP_ADDRESS, "", MIPT,
                "Local IP address of RTP/RTCP, written in SDP c= (empty: the SIP transport's local address)"));
        s.add(ext("SecureTA.SrtpKeyLifetime", ValueType.Text.SRTP_LIFETIME, "", null,
                "Lifetime announced for the unit's SDES master keys (RFC 4568 6.1), a setting of the Sdes key management; "
                        + "the unit re-keys by re-INVITE before it (empty: 2^48)"));
        s.add(ext("SecureTA.MediaEngine", ValueType.Choice.of("Native", "Libjitsi"), "Native", null,
                "What carries a call's RTP and RTCP: Native (the unit's own media path) or Libjitsi (a libjitsi MediaStream keyed by "
                        + "the unit's MIKEY or SDES, docs/libjitsi.md); same counters, tone detection, key lifetimes and T.38 policy; "
                        + "applies to calls that start after the change"));
        s.add(ext("SecureTA.AutoAnswer", ENABLE, "Disable", null, "Answer incoming calls automatically"));
        s.add(ext("SecureTA.SrtpKeyLogEnable", ENABLE, "Disable", null,
                "Write each call's SRTP master key and salt, per direction, to HOME/keylog/srtp-keys.log (owner-only) for"
                        + " ta decrypt --srtp-keys; troubleshooting only: the file decrypts every call's audio"));
        s.add(ext("SecureTA.MaxCallsPerLine", ValueType.Number.between(1, 64), "4", null,
                "Calls a line carries at once; one more is refused with 486 Busy Here and an ERROR event"));
        s.add(ext("SecureTA.MaxCalls", ValueType.Number.between(1, 256), "16", null,
                "Calls the unit carries at once (each holds media sockets and threads); one more is refused with 503 and an ERROR event"));
        s.add(ext("SecureTA.SyslogRemoteHost", ValueType.Text.HOST_PORT, "", null, "Syslog receiver host:port (RFC 5424 over UDP)"));
        s.add(ext("SecureTA.LabAllowUnsynchronisedClock", ENABLE, "Disable", null,
                "Lab override: bring up TLS and SRTP without a synchronised clock"));
        s.add(ext("SecureTA.WebHttpsPort", PORT, "0", null,
                "HTTPS port of the web management pages and JSON API (0: off)"));
        s.add(secret("SecureTA.WebAdminPassword", ValueType.Text.ANY, null,
                "Password of the web user admin; when empty, one is generated at first start and written to HOME/web-admin-password (owner-only)"));
        s.add(ext("SecureTA.MetricsEnable", ENABLE, "Disable", null,
                "Serve Prometheus metrics at https://ADDRESS:SecureTA.WebHttpsPort/metrics (HTTP Basic, user admin and the web password;"
                        + " docs/metrics.md)"));
        s.add(ext("SecureTA.MetricsPerLineSeries", ENABLE, "Disable", null,
                "Add one metrics series per line and per TLS link to the totals (for a few units; leave off for a fleet)"));
        return s;
    }

    private static List<TableSpec> unitTables() {
        List<TableSpec> t = new ArrayList<>();
        t.add(TableSpec.of("SipEp.Gateway", "GatewayName", "SIP gateways of the unit", List.of(
                v("SipEp.Gateway.Type", ValueType.Choice.of("Trunk", "Endpoint"), "Endpoint", SIPEP, "Gateway type"),
                v("SipEp.Gateway.Port", PORT, "0", SIPEP, "Local SIP port (0 means 5060)"),
                v("SipEp.Gateway.SecurePort", PORT, "0", SIPEP, "Local TLS server port (0 means 5061)"))));
        t.add(TableSpec.of("SipEp.TransportConfig", "GatewayName", "Transports; the first row governs the whole unit", List.of(
                v("SipEp.TransportConfig.UdpEnable", ENABLE, "Enable", SIPEP, "UDP transport"),
                v("SipEp.TransportConfig.TcpEnable", ENABLE, "Disable", SIPEP, "TCP transport"),
                v("SipEp.TransportConfig.TlsEnable", ENABLE, "Disable", SIPEP, "TLS transport, exclusive with UDP and TCP"),
                v("SipEp.TransportConfig.RegistrationEnable", ENABLE, "Disable", SIPEP, "transport parameter in the REGISTER Contact"),
                v("SipEp.TransportConfig.ContactEnable", ENABLE, "Disable", SIPEP, "transport parameter in other Contacts"),
                v("SipEp.TransportConfig.UdpQValue", ValueType.Text.ANY, "", SIPEP, "q-value of the UDP contact"),
                v("SipEp.TransportConfig.TcpQValue", ValueType.Text.ANY, "", SIPEP, "q-value of the TCP contact"),
                v("SipEp.TransportConfig.TlsQValue", ValueType.Text.ANY, "", SIPEP, "q-value of the TLS contact"))));
        t.add(TableSpec.of("SipEp.GwSpecificRegistration", "GatewayName", "Per-gateway registrar", List.of(
                v("SipEp.GwSpecificRegistration.ServerHost", ValueType.Text.HOST_PORT, "", SIPEP, "Registrar host:port"))));
        t.add(TableSpec.of("SipEp.GwSpecificProxy", "GatewayName", "Per-gateway proxies", List.of(
                v("SipEp.GwSpecificProxy.HomeDomainHost", ValueType.Text.HOST_PORT, "", SIPEP, "Proxy home domain host:port"),
                v("SipEp.GwSpecificProxy.OutboundHost", ValueType.Text.HOST_PORT, "", SIPEP, "Outbound proxy host:port"))));
        t.add(TableSpec.of("SipEp.UserAgent", "EpId", "Lines (FXS endpoints) and their SIP users", List.of(
                v("SipEp.UserAgent.Username", ValueType.Text.ANY, "", SIPEP, "SIP user name"),
                v("SipEp.UserAgent.FriendlyName", ValueType.Text.ANY, "", SIPEP, "Display name"),
                v("SipEp.UserAgent.Register", ENABLE, "Enable", SIPEP, "Register this line"),
                v("SipEp.UserAgent.GatewayName", ValueType.Text.NAME, "", SIPEP, "Gateway of the line"))));
        t.add(TableSpec.of("SipEp.Authentication", "EpId", "Digest credentials of a line (row key: the line's EpId)", List.of(
                v("SipEp.Authentication.Username", ValueType.Text.ANY, "", SIPEP, "Digest user name"),
                secret("SipEp.Authentication.Password", ValueType.Text.ANY, SIPEP, "Digest password"),
                v("SipEp.Authentication.Realm", ValueType.Text.ANY, "", SIPEP, "Realm (empty: any)"),
                v("SipEp.Authentication.GatewayName", ValueType.Text.NAME, "", SIPEP, "Gateway (empty: any)"))));
        t.add(TableSpec.of("Mipt.EpSpecificSecurity", "EpId", "Per-line secure RTP override", List.of(
                v("Mipt.EpSpecificSecurity.EnableConfig", ENABLE, "Disable", null, "Use this row instead of the defaults"),
                v("Mipt.EpSpecificSecurity.RtpMode", ValueType.Choice.of("Unsecure", "Secure", "SecureWithFallback"), "Unsecure", null, "Secure RTP mode"),
                v("Mipt.EpSpecificSecurity.KeyManagement", ValueType.Text.KEY_MANAGEMENT, "Mikey", null,
                        "Key management: Mikey, Sdes, or one an extension bundle registers"),
                v("Mipt.EpSpecificSecurity.RtpEncryption", ValueType.Choice.of("Null", "AesCm128"), "AesCm128", null, "Encryption"))));
        t.add(TableSpec.of("Hoc.StaticSntpServers", "Index", "SNTP servers (host:port)", List.of(
                v("Hoc.StaticSntpServers.HostName", ValueType.Text.HOST_PORT, "", null, "SNTP server host:port"))));
        return t;
    }
}
