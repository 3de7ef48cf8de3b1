package org.secureta.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.secureta.provisioning.web.WebClient.form;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.provisioning.profile.DeviceSchema;
import org.secureta.provisioning.profile.ProfileParser;
import org.secureta.transport.UnitEvent;

/** What the settings pages, profile import/export and the JSON API do to the unit, over real HTTPS. */
class WebPagesTest {

    private static final String PASSWORD = "lab-password-1";

    @TempDir
    Path home;

    private WebFixture web;
    private WebClient client;

    @BeforeEach
    void start() throws Exception {
        web = new WebFixture(home, "SipEp.UserAgent[Port1].Username=100\n", PASSWORD);
        client = new WebClient(web);
        client.login(PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    @Test
    void everyPageOfTheMenuIsDrawnFromTheSchemaWithEachVariableItAsksFor() throws Exception {
        for (SettingsPage page : SettingsPage.ALL) {
            String body = client.get("/" + page.path()).body();
            for (String variable : page.variables()) {
                assertTrue(body.contains("name=\"" + variable + "\""), page.path() + " lacks a field for " + variable);
                String allowed = DeviceSchema.DGW_2_0.scalar(variable).orElseThrow().type().allowed();
                assertTrue(body.contains(Html.escape(allowed)), page.path() + " does not say what " + variable + " allows");
            }
            for (String table : page.tables()) {
                assertTrue(body.contains("name=\"new:" + table + "\""), page.path() + " cannot add a row to " + table);
            }
        }
        String codecs = client.get("/telephony/codecs").body();
        assertTrue(codecs.contains("<select name=\"Mipt.DefaultSecurityRtpMode\" id=\"Mipt.DefaultSecurityRtpMode\">"
                + "<option selected>Unsecure</option><option>Secure</option><option>SecureWithFallback</option></select>"), codecs);
    }

    @Test
    void enablingTlsOnANewTransportRowWaitsForRestartRequiredServices() throws Exception {
        HttpResponse<String> r = client.post("/sip/transport", form("csrf", client.csrf(),
                "new:SipEp.TransportConfig", "OpenSIPS", "new:SipEp.TransportConfig.TlsEnable", "Enable",
                "new:SipEp.TransportConfig.UdpEnable", "Disable", "new:SipEp.TransportConfig.RegistrationEnable", "Enable"));
        assertEquals(302, r.statusCode());
        assertEquals("Enable", web.unit.configured().cell("SipEp.TransportConfig", "OpenSIPS", "TlsEnable"));
        assertEquals(Set.of("SipEp"), web.unit.pendingServices());
        String page = client.get("/sip/transport").body();
        assertTrue(page.contains("restart required for SipEp"), page);
        assertTrue(page.contains("Restart required services"), page);
        assertEquals(302, client.post("/restart", form("csrf", client.csrf())).statusCode());
        assertEquals("Enable", web.unit.running().cell("SipEp.TransportConfig", "OpenSIPS", "TlsEnable"));
        assertEquals(Set.of(), web.unit.pendingServices());
    }

    @Test
    void aRowCanBeDeleted() throws Exception {
        client.post("/network/host", form("csrf", client.csrf(), "new:Hoc.StaticSntpServers", "1",
                "new:Hoc.StaticSntpServers.HostName", "127.0.0.1:12300"));
        assertEquals("127.0.0.1:12300", web.unit.configured().cell("Hoc.StaticSntpServers", "1", "HostName"));
        client.post("/network/host", form("csrf", client.csrf(), "delete:Hoc.StaticSntpServers[1]", "on"));
        assertEquals(java.util.List.of(), web.unit.configured().rows("Hoc.StaticSntpServers"));
    }

    @Test
    void anUnchangedFormChangesNothingAndLeavesDefaultsAsDefaults() throws Exception {
        String before = org.secureta.provisioning.profile.ProfileWriter.export(web.unit.configured(), false);
        client.post("/telephony/codecs", form("csrf", client.csrf(), "Mipt.DefaultSecurityRtpMode", "Unsecure",
                "Mipt.DefaultSecurityKeyManagement", "Mikey"));
        assertEquals(before, org.secureta.provisioning.profile.ProfileWriter.export(web.unit.configured(), false));
    }

    @Test
    void theProfileIsExportedAsAFileThatImportsBack() throws Exception {
        client.post("/telephony/codecs", form("csrf", client.csrf(), "Mipt.DefaultSecurityRtpMode", "Secure"));
        HttpResponse<String> export = client.get("/management/profile/export");
        assertEquals("attachment; filename=\"running.profile\"", export.headers().firstValue("content-disposition").orElse(""));
        assertEquals(web.unit.configured(), new ProfileParser(DeviceSchema.DGW_2_0).parse(export.body(), "export"));
        assertTrue(export.body().contains("Mipt.DefaultSecurityRtpMode=Secure\n"), export.body());
    }

    @Test
    void aProfileWithAnErrorIsRefusedWholeWithTheFileAndLine() throws Exception {
        String csrf = client.csrf();
        HttpResponse<String> r = Multipart.post(web, client, "/management/profile/import", csrf,
                Multipart.file("profile", "lab.profile", "Mipt.DefaultSecurityRtpMode=Secure\nSipEp.TransportTlsVersion=TLSv3\n".getBytes()));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains(Html.escape("lab.profile:2: SipEp.TransportTlsVersion: 'TLSv3' is not allowed")), r.body());
        assertEquals("Unsecure", web.unit.configured().get("Mipt.DefaultSecurityRtpMode"), "nothing of the file was applied");
        HttpResponse<String> ok = Multipart.post(web, client, "/management/profile/import", csrf,
                Multipart.file("profile", "lab.profile", "SipEp.UserAgent[Port1].Username=100\nMipt.DefaultSecurityRtpMode=Secure\n".getBytes()));
        assertEquals(302, ok.statusCode(), ok.body());
        assertEquals("Secure", web.unit.configured().get("Mipt.DefaultSecurityRtpMode"));
    }

    @Test
    void theApiGivesStatusProfileAndCertificatesAsJson() throws Exception {
        web.unit.post(UnitEvent.of(UnitEvent.REGISTRATION, "line", "Port1", "state", "Registered", "user", "100"));
        String status = client.get("/api/status").body();
        assertTrue(status.contains("\"kind\":\"REGISTRATION\",\"attributes\":{\"line\":\"Port1\",\"state\":\"Registered\",\"user\":\"100\"}"), status);
        String profile = client.get("/api/profile").body();
        assertTrue(profile.contains("\"SipEp.UserAgent[Port1].Username\":\"100\""), profile);
        HttpResponse<String> bad = client.postText("/api/profile", "SipEp.TransportTlsVersion=TLSv3\n", client.csrf());
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("api:1: SipEp.TransportTlsVersion: 'TLSv3' is not allowed (allowed: SSLv3, TLSv1, TLSv1_1, TLSv1_2)"), bad.body());
        HttpResponse<String> good = client.postText("/api/profile", "SipEp.TransportTlsVersion=TLSv1_2\n", client.csrf());
        assertEquals("{\"changed\":1,\"restartRequired\":[\"SipEp\"]}", good.body());
        assertEquals("[]", client.get("/api/certificates").body());
    }

    @Test
    void theStatusPageShowsRegistrationsLinksCallsAndRecentEventsWithTheirSyslogSeverity() throws Exception {
        web.unit.post(UnitEvent.of(UnitEvent.REGISTRATION, "line", "Port1", "state", "Registered", "user", "100", "gateway", "OpenSIPS"));
        web.unit.post(UnitEvent.of(UnitEvent.TLS_LINK, "gateway", "OpenSIPS", "state", "Up", "localPort", "16000",
                "remoteHost", "proxy.lab:5061", "remoteAddress", "127.0.0.1:5061", "tlsVersion", "TLSv1.3", "suite", "TLS_AES_128_GCM_SHA256"));
        web.unit.post(UnitEvent.of(UnitEvent.CALL, "call", "c1", "state", "Connected", "secure", "true", "keyManagement", "Sdes",
                "suite", "AES_CM_128_HMAC_SHA1_80", "sent", "250", "received", "248", "peer", "sip:200@127.0.0.1", "reason", ""));
        web.unit.post(UnitEvent.of(UnitEvent.ERROR, "source", "SdpTools", "state", "Warning", "code", "D3A2",
                "message", "Received the wrong key management protocol. Secure stream disabled."));
        String page = client.get("/status").body();
        assertTrue(page.contains("<td>Port1</td><td>Registered</td><td>100</td><td>OpenSIPS</td>"), page);
        assertTrue(page.contains("<td>OpenSIPS</td><td>Up</td><td>16000</td><td>127.0.0.1:5061</td><td></td><td>TLSv1.3</td><td>TLS_AES_128_GCM_SHA256</td>"), page);
        assertTrue(page.contains("<td>c1</td><td>sip:200@127.0.0.1</td><td>Connected</td><td>true</td><td>Sdes</td><td>AES_CM_128_HMAC_SHA1_80</td><td>250</td><td>248</td>"), page);
        assertTrue(page.contains("<td>SipEp</td><td>info</td><td>establishing persistent connection</td>"), page);
        assertTrue(page.contains("<td>Mipt</td><td>warning</td><td>SdpTools [D3A2] Received the wrong key management protocol. Secure stream disabled.</td>"), page);
        assertFalse(page.contains("<script"), "the pages need no script");
    }
}
