package org.secureta.provisioning.web;

import java.util.List;

/**
 * A page of settings, as the unit's web interface groups them (Menu > Page): the scalar
 * variables and tables it shows. The forms are drawn from the schema, so a page lists names only.
 */
record SettingsPage(String path, String menu, String title, String intro, List<String> variables, List<String> tables) {

    static final List<SettingsPage> ALL = List.of(
            new SettingsPage("sip/gateways", "SIP", "Gateways",
                    "SIP gateways, their registrar and proxies (a gateway's row overrides the unit-wide servers).",
                    List.of(), List.of("SipEp.Gateway", "SipEp.GwSpecificRegistration", "SipEp.GwSpecificProxy")),
            new SettingsPage("sip/servers", "SIP", "Servers", "Servers of all gateways; port 0 means DNS SRV.",
                    List.of("SipEp.DefaultStaticRegistrarServerHost", "SipEp.DefaultStaticProxyHomeDomainHost",
                            "SipEp.DefaultStaticProxyOutboundHost"), List.of()),
            new SettingsPage("sip/lines", "SIP", "Lines", "The lines (FXS endpoints), their SIP users and digest credentials.",
                    List.of(), List.of("SipEp.UserAgent", "SipEp.Authentication")),
            new SettingsPage("sip/registration", "SIP", "Registration",
                    "Registration timing: the Expires asked for, and when a line tries again after a refused, unanswered or"
                            + " lost REGISTER (doubled per failure up to the maximum, each wait spread +-25 %).",
                    List.of("SipEp.DefaultRegistrationProposedExpirationValue", "SipEp.DefaultRegistrationRetryTime",
                            "SecureTA.RegistrationRetryMaxTime"), List.of()),
            new SettingsPage("sip/transport", "SIP", "Transport",
                    "Enabling TLS on the first row makes it the unit's only transport (UDP and TCP go off). Transport changes"
                            + " wait for Restart required services.",
                    List.of("SipEp.TransportPersistentBasePort", "SipEp.TransportPersistentPortInterval", "SipEp.TransportFailbackInterval",
                            "SipEp.TransportTlsVersion", "SipEp.TransportTlsCipherSuite", "SecureTA.AllowLegacyTls",
                            "SecureTA.TlsKeepAliveInterval", "SecureTA.TlsKeyLogEnable"),
                    List.of("SipEp.TransportConfig")),
            new SettingsPage("sip/interop", "SIP", "Interop", "How the unit checks the TLS server's certificate and answers offers.",
                    List.of("SipEp.InteropTlsCertificateValidation", "SipEp.InteropTlsClientAuthenticationEnable",
                            "SipEp.InteropRejectCodeForUnsupportedSdpOffer"), List.of()),
            new SettingsPage("telephony/codecs", "Telephony", "CODECs",
                    "Secure RTP: mode, key management (one at a time), encryption, unsecured T.38 in secure calls.",
                    List.of("Mipt.DefaultSecurityRtpMode", "Mipt.DefaultSecurityKeyManagement", "Mipt.DefaultSecurityRtpEncryption",
                            "Mipt.AllowUnsecureT38WithSrtp", "Mipt.SessionUpdateCryptoMode", "Mipt.IpTransportSrtpBasePort",
                            "SecureTA.MikeyPreSharedKey", "SecureTA.AutoAnswer"),
                    List.of("Mipt.EpSpecificSecurity")),
            new SettingsPage("network/host", "Network", "Host",
                    "Time (SNTP). Certificate validity is checked against it: TLS and SRTP wait for a synchronised clock.",
                    List.of("Hoc.SntpConfigSource", "Hoc.SntpSynchronizationPeriod", "SecureTA.LabAllowUnsynchronisedClock"),
                    List.of("Hoc.StaticSntpServers")),
            new SettingsPage("management/syslog", "Management", "Syslog",
                    "Syslog receiver (RFC 5424 over UDP) and the minimum severity of each service.",
                    List.of("SecureTA.SyslogRemoteHost", "SipEp.MinSeverity", "Mipt.MinSeverity", "Cert.MinSeverity", "Hoc.MinSeverity"),
                    List.of()),
            new SettingsPage("management/web", "Management", "Web",
                    "This web interface: its HTTPS port, the admin password, and the Prometheus metrics at /metrics.",
                    List.of("SecureTA.WebHttpsPort", "SecureTA.WebAdminPassword", "SecureTA.MetricsEnable", "SecureTA.MetricsPerLineSeries"),
                    List.of()));

    static java.util.Optional<SettingsPage> byPath(String path) {
        return ALL.stream().filter(p -> p.path.equals(path)).findFirst();
    }
}
