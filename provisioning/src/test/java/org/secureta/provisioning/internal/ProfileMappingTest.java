package org.secureta.provisioning.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.secureta.provisioning.profile.DeviceSchema;
import org.secureta.provisioning.profile.Profile;
import org.secureta.provisioning.profile.ProfileParser;

class ProfileMappingTest {

    private static final Path HOME = Path.of("/units/ta1");

    private static List<ConfigurationRecord> map(String profile) throws Exception {
        return ProfileMapping.map(new ProfileParser(DeviceSchema.DGW_2_0).parse(profile, "t.profile"), HOME);
    }

    private static Map<String, Object> find(List<ConfigurationRecord> records, String pid) {
        return records.stream().filter(r -> r.effectivePid().equals(pid)).findFirst()
                .orElseThrow(() -> new AssertionError("no configuration " + pid + " in " + records)).properties();
    }

    @Test
    void theGuidesTlsSetupBecomesTheTransportConfiguration() throws Exception {
        Map<String, Object> t = find(map("""
                SipEp.TransportConfig[OpenSIPS].TlsEnable=Enable
                SipEp.TransportConfig[OpenSIPS].RegistrationEnable=Enable
                SipEp.TransportConfig[OpenSIPS].ContactEnable=Enable
                SipEp.TransportTlsVersion=TLSv1_2
                SipEp.InteropTlsCertificateValidation=TrustedCertificate
                SipEp.TransportFailbackInterval=30
                SecureTA.TlsKeyLogEnable=Enable
                """), "org.secureta.transport");
        assertEquals("TLS", t.get("transport"));
        assertEquals("TLSv1_2", t.get("tlsVersion"));
        assertEquals("TrustedCertificate", t.get("certificateValidation"));
        assertEquals(16000, t.get("persistentBasePort"));
        assertEquals(30, t.get("failbackInterval"));
        assertEquals(true, t.get("registrationTransportParameter"));
        assertEquals(true, t.get("contactTransportParameter"));
        assertEquals("/units/ta1/certs/other", t.get("trustedCertificatesDirectory"));
        assertEquals("/units/ta1/keylog/tls-keys.log", t.get("tlsKeyLogFile"));
    }

    @Test
    void theTransportLimitsReachTheTransportWithTheirDefaults() throws Exception {
        Map<String, Object> t = find(map("""
                SecureTA.SipMaxMessageSize=8192
                SecureTA.SipMaxInboundConnections=16
                SecureTA.TlsHandshakeTimeout=5
                SecureTA.SipInboundIdleTimeout=120
                """), "org.secureta.transport");
        assertEquals(8192, t.get("maxMessageSize"));
        assertEquals(16, t.get("maxInboundConnections"));
        assertEquals(5, t.get("tlsHandshakeTimeout"));
        assertEquals(120, t.get("inboundIdleTimeout"));
        Map<String, Object> defaults = find(map(""), "org.secureta.transport");
        assertEquals(65536, defaults.get("maxMessageSize"));
        assertEquals(64, defaults.get("maxInboundConnections"));
        assertEquals(10, defaults.get("tlsHandshakeTimeout"));
        assertEquals(600, defaults.get("inboundIdleTimeout"));
    }

    @Test
    void theDnsServerForSrvLookupsReachesTheTransport() throws Exception {
        Map<String, Object> t = find(map("""
                SecureTA.DnsServer=127.0.0.53:5353
                SipEp.GwSpecificRegistration[OpenSIPS].ServerHost=proxy.lab:0
                """), "org.secureta.transport");
        assertEquals("127.0.0.53:5353", t.get("dnsServer"));
        assertEquals("", find(map(""), "org.secureta.transport").get("dnsServer"));
    }

    @Test
    void theRegistrationTimingReachesTheTransport() throws Exception {
        Map<String, Object> t = find(map("""
                SipEp.DefaultRegistrationRetryTime=30
                SecureTA.RegistrationRetryMaxTime=900
                SipEp.DefaultRegistrationProposedExpirationValue=600
                """), "org.secureta.transport");
        assertEquals(30, t.get("registrationRetryTime"));
        assertEquals(900, t.get("registrationRetryMaxTime"));
        assertEquals(600, t.get("registrationExpires"));
        Map<String, Object> defaults = find(map(""), "org.secureta.transport");
        assertEquals(60, defaults.get("registrationRetryTime"));
        assertEquals(600, defaults.get("registrationRetryMaxTime"));
        assertEquals(3600, defaults.get("registrationExpires"));
    }

    @Test
    void withoutATransportRowTheUnitUsesUdpAndNoKeyLog() throws Exception {
        Map<String, Object> t = find(map(""), "org.secureta.transport");
        assertEquals("UDP", t.get("transport"));
        assertEquals(false, t.get("registrationTransportParameter"));
        assertEquals("", t.get("tlsKeyLogFile"));
    }

    @Test
    void tcpOnlyRowsMapToTcp() throws Exception {
        Map<String, Object> t = find(map("""
                SipEp.TransportConfig[gw].UdpEnable=Disable
                SipEp.TransportConfig[gw].TcpEnable=Enable
                """), "org.secureta.transport");
        assertEquals("TCP", t.get("transport"));
    }

    @Test
    void eachGatewayGetsItsServersWithGatewaySpecificOverridesFirst() throws Exception {
        List<ConfigurationRecord> records = map("""
                SipEp.DefaultStaticRegistrarServerHost=10.0.0.1:5060
                SipEp.DefaultStaticProxyHomeDomainHost=10.0.0.2:5060
                SipEp.Gateway[OpenSIPS].SecurePort=5063
                SipEp.Gateway[Other].Type=Trunk
                SipEp.GwSpecificRegistration[OpenSIPS].ServerHost=192.168.120.11:5062
                """);
        Map<String, Object> gw = find(records, "org.secureta.transport.gateway~OpenSIPS");
        assertEquals("192.168.120.11:5062", gw.get("registrarHost"));
        assertEquals("10.0.0.2:5060", gw.get("proxyHost"));
        assertEquals(5063, gw.get("securePort"));
        Map<String, Object> other = find(records, "org.secureta.transport.gateway~Other");
        assertEquals("10.0.0.1:5060", other.get("registrarHost"));
        assertEquals("Trunk", other.get("type"));
    }

    @Test
    void eachLineGetsItsUserAndCredentialsWithThePasswordAsAPrivateProperty() throws Exception {
        Map<String, Object> line = find(map("""
                SipEp.Gateway[OpenSIPS].Type=Endpoint
                SipEp.UserAgent[Port1].Username=100
                SipEp.UserAgent[Port1].GatewayName=OpenSIPS
                SipEp.Authentication[Port1].Username=auth100
                SipEp.Authentication[Port1].Password=pw
                SipEp.Authentication[Port1].Realm=lab
                """), "org.secureta.transport.line~Port1");
        assertEquals("100", line.get("username"));
        assertEquals("OpenSIPS", line.get("gatewayName"));
        assertEquals("auth100", line.get("authUsername"));
        assertEquals("lab", line.get("authRealm"));
        assertEquals("pw", line.get(".authPassword"), "leading dot: never a service property");
        assertFalse(line.containsKey("authPassword"));
    }

    @Test
    void aLineWithoutAGatewayUsesTheFirstGateway() throws Exception {
        Map<String, Object> line = find(map("""
                SipEp.TransportConfig[GW1].TlsEnable=Enable
                SipEp.UserAgent[Port1].Username=100
                """), "org.secureta.transport.line~Port1");
        assertEquals("GW1", line.get("gatewayName"));
    }

    @Test
    void secureMediaSettingsBecomeTheCallAgentConfiguration() throws Exception {
        List<ConfigurationRecord> records = map("""
                Mipt.DefaultSecurityRtpMode=SecureWithFallback
                Mipt.DefaultSecurityKeyManagement=Sdes
                Mipt.AllowUnsecureT38WithSrtp=Enable
                SipEp.InteropRejectCodeForUnsupportedSdpOffer=488
                SecureTA.MikeyPreSharedKey=000102030405060708090a0b0c0d0e0f
                SecureTA.MaxCallsPerLine=2
                """);
        Map<String, Object> agent = find(records, "org.secureta.srtp");
        assertEquals("SecureWithFallback", agent.get("rtpMode"));
        assertEquals("Sdes", agent.get("keyManagement"));
        assertEquals(true, agent.get("allowUnsecureT38"));
        assertEquals(488, agent.get("rejectCodeForUnsupportedOffer"));
        assertEquals(2, agent.get("maxCallsPerLine"));
        assertEquals(16, agent.get("maxCalls"));
        assertEquals("Native", agent.get("mediaEngine"), "the unit's own media path unless SecureTA.MediaEngine says otherwise");
        // The pre-shared key belongs to MIKEY: the call agent's configuration does not hold it.
        assertEquals("000102030405060708090a0b0c0d0e0f", find(records, "org.secureta.srtp.mikey").get(".preSharedKey"));
        assertFalse(agent.keySet().stream().anyMatch(k -> k.toLowerCase(java.util.Locale.ROOT).contains("presharedkey")), agent.keySet().toString());
    }

    @Test
    void theMediaEngineSettingReachesTheCallAgentAndAnUnknownEngineIsRefusedByName() throws Exception {
        assertEquals("Libjitsi", find(map("SecureTA.MediaEngine=Libjitsi\n"), "org.secureta.srtp").get("mediaEngine"));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> map("SecureTA.MediaEngine=Gstreamer\n"));
        assertTrue(e.getMessage().contains("SecureTA.MediaEngine"), e.getMessage());
    }

    @Test
    void anyRegisteredKeyManagementNameIsAcceptedAndReachesTheAgentAndTheLine() throws Exception {
        List<ConfigurationRecord> records = map("""
                Mipt.DefaultSecurityKeyManagement=Xtest
                SipEp.UserAgent[Port1].Username=100
                Mipt.EpSpecificSecurity[Port1].EnableConfig=Enable
                Mipt.EpSpecificSecurity[Port1].KeyManagement=Zrtp
                """);
        assertEquals("Xtest", find(records, "org.secureta.srtp").get("keyManagement"));
        assertEquals("Zrtp", find(records, "org.secureta.srtp.line~Port1").get("keyManagement"));
    }

    @Test
    void mediaAddressReachesTheCallAgentAndTheSdesKeyLifetimeSdes() throws Exception {
        List<ConfigurationRecord> records = map("""
                SecureTA.MediaAddress=127.0.0.2
                SecureTA.SrtpKeyLifetime=2^20
                """);
        assertEquals("127.0.0.2", find(records, "org.secureta.srtp").get("mediaAddress"));
        assertEquals("2^20", find(records, "org.secureta.srtp.sdes").get("keyLifetime"));
        assertFalse(find(records, "org.secureta.srtp").containsKey("keyLifetime"));
        List<ConfigurationRecord> defaults = map("");
        assertEquals("", find(defaults, "org.secureta.srtp").get("mediaAddress"));
        assertEquals("", find(defaults, "org.secureta.srtp.sdes").get("keyLifetime"));
    }

    @Test
    void perLineSecurityIsMappedOnlyWhenItsRowIsEnabled() throws Exception {
        List<ConfigurationRecord> records = map("""
                SipEp.UserAgent[Port1].Username=100
                SipEp.UserAgent[Port1].Register=Disable
                Mipt.EpSpecificSecurity[Port1].EnableConfig=Enable
                Mipt.EpSpecificSecurity[Port1].RtpMode=Secure
                Mipt.EpSpecificSecurity[Port1].KeyManagement=Sdes
                Mipt.EpSpecificSecurity[Port2].RtpMode=Secure
                """);
        Map<String, Object> port1 = find(records, "org.secureta.srtp.line~Port1");
        assertEquals("Secure", port1.get("rtpMode"));
        assertEquals("Sdes", port1.get("keyManagement"));
        assertTrue(records.stream().noneMatch(r -> r.effectivePid().equals("org.secureta.srtp.line~Port2")));
    }

    @Test
    void recordsNameTheirFactoryAndInstance() {
        ConfigurationRecord r = ConfigurationRecord.factory("f.pid", "x", Map.of());
        assertEquals("f.pid~x", r.effectivePid());
        assertEquals(Optional.of("x"), r.factoryName());
        assertEquals("p", ConfigurationRecord.singleton("p", Map.of()).effectivePid());
    }

    @Test
    void theDefaultsOfAFreshUnitMapToWorkingConfigurations() {
        List<ConfigurationRecord> records = ProfileMapping.map(Profile.defaults(DeviceSchema.DGW_2_0), HOME);
        assertEquals(List.of("org.secureta.transport", "org.secureta.srtp", "org.secureta.srtp.mikey", "org.secureta.srtp.sdes",
                        "org.secureta.provisioning.metrics"),
                records.stream().map(ConfigurationRecord::effectivePid).toList());
        // Metrics are off until the profile turns them on.
        assertEquals(Map.of("enabled", false, "perLineSeries", false), records.get(4).properties());
    }

    @Test
    void theMetricsVariablesMapToTheMetricsConfiguration() throws Exception {
        ConfigurationRecord metrics = map("SecureTA.MetricsEnable=Enable\nSecureTA.MetricsPerLineSeries=Enable\n").stream()
                .filter(r -> r.pid().equals(org.secureta.provisioning.metrics.MetricsConfiguration.PID)).findFirst().orElseThrow();
        assertEquals(Map.of("enabled", true, "perLineSeries", true), metrics.properties());
    }
}
