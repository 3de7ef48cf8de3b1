package org.secureta.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.secureta.provisioning.web.WebClient.form;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.provisioning.profile.ProfileError;
import org.secureta.provisioning.profile.ProfileException;
import org.secureta.provisioning.profile.ProfileParser;
import org.secureta.provisioning.profile.DeviceSchema;
import org.secureta.transport.UnitEvent;

/** The login, session and CSRF rules of the web management, over real HTTPS. */
class WebSecurityTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path home;

    private WebFixture web;
    private WebClient client;

    @BeforeEach
    void start() throws Exception {
        web = new WebFixture(home, "SipEp.TransportConfig[gw].UdpEnable=Enable\nSipEp.UserAgent[Port1].Username=100\n"
                + "SipEp.Authentication[Port1].Password=s3cret-digest\n", PASSWORD);
        client = new WebClient(web);
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    @Test
    void pagesAndTheApiNeedALogin() throws Exception {
        HttpResponse<String> page = client.get("/sip/transport");
        assertEquals(302, page.statusCode());
        assertEquals("/login", page.headers().firstValue("location").orElse("").replaceFirst("^https://[^/]+", ""));
        assertEquals(401, client.get("/api/profile").statusCode());
    }

    @Test
    void aWrongPasswordIsRefusedAndGivesNoSession() throws Exception {
        HttpResponse<String> r = client.login("not the password");
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("Wrong password."));
        assertNull(client.session);
        assertTrue(web.unit.events().stream().anyMatch(e -> "wrong password for user admin".equals(e.get("message"))));
    }

    @Test
    void theSessionCookieIsSecureHttpOnlySameSiteStrictAndHostOnly() throws Exception {
        HttpResponse<String> r = client.login(PASSWORD);
        assertEquals(302, r.statusCode());
        String cookie = r.headers().allValues("set-cookie").get(0);
        assertTrue(cookie.startsWith("__Host-ta-session="), cookie);
        assertTrue(cookie.contains("; Path=/; Secure; HttpOnly; SameSite=Strict"), cookie);
        assertFalse(cookie.contains("Domain"), cookie);
        assertEquals(200, client.get("/status").statusCode());
    }

    @Test
    void aFormWithoutTheCsrfTokenOrWithAWrongOneChangesNothing() throws Exception {
        client.login(PASSWORD);
        HttpResponse<String> none = client.post("/sip/transport", form("SipEp.TransportTlsVersion", "TLSv1_2"));
        assertEquals(403, none.statusCode());
        assertTrue(none.body().contains("missing or wrong CSRF token"), none.body());
        HttpResponse<String> wrong = client.post("/sip/transport", form("csrf", "guess", "SipEp.TransportTlsVersion", "TLSv1_2"));
        assertEquals(403, wrong.statusCode());
        assertEquals("TLSv1", web.unit.configured().get("SipEp.TransportTlsVersion"));
        HttpResponse<String> right = client.post("/sip/transport", form("csrf", client.csrf(), "SipEp.TransportTlsVersion", "TLSv1_2"));
        assertEquals(302, right.statusCode());
        assertEquals("TLSv1_2", web.unit.configured().get("SipEp.TransportTlsVersion"));
    }

    @Test
    void theApiNeedsTheCsrfHeaderForChanges() throws Exception {
        HttpResponse<String> login = client.post("/api/login", form("password", PASSWORD));
        assertEquals(200, login.statusCode());
        String token = login.body().replaceAll(".*\"csrfToken\":\"([^\"]+)\".*", "$1");
        assertEquals(403, client.postText("/api/profile", "Mipt.DefaultSecurityRtpMode=Secure\n", null).statusCode());
        HttpResponse<String> ok = client.postText("/api/profile", "Mipt.DefaultSecurityRtpMode=Secure\n", token);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("Secure", web.unit.running().get("Mipt.DefaultSecurityRtpMode"), "Mipt changes apply at once");
    }

    @Test
    void anExpiredSessionIsRefusedAndMustLogInAgain() throws Exception {
        client.login(PASSWORD);
        String csrf = client.csrf();
        web.clock.advance(SessionStore.IDLE_TIMEOUT.plus(Duration.ofSeconds(1)));
        HttpResponse<String> post = client.post("/sip/transport", form("csrf", csrf, "SipEp.TransportTlsVersion", "TLSv1_2"));
        assertEquals(401, post.statusCode());
        assertTrue(post.body().contains("Your session expired or you are not logged in"), post.body());
        assertEquals("TLSv1", web.unit.configured().get("SipEp.TransportTlsVersion"));
        assertEquals(302, client.get("/status").statusCode());
        assertEquals(401, client.get("/api/status").statusCode());
    }

    @Test
    void anActiveSessionStaysAliveAcrossRequestsWithinTheIdleTimeout() throws Exception {
        client.login(PASSWORD);
        for (int i = 0; i < 3; i++) {
            web.clock.advance(SessionStore.IDLE_TIMEOUT.minus(Duration.ofMinutes(1)));
            assertEquals(200, client.get("/status").statusCode(), "request " + i);
        }
        web.clock.advance(SessionStore.MAX_LIFETIME);
        assertEquals(302, client.get("/status").statusCode(), "no session outlives its maximum lifetime");
    }

    @Test
    void fiveWrongPasswordsLockTheLoginEvenForTheRightOne() throws Exception {
        for (int i = 0; i < ManagementServlet.LOCK_AFTER_FAILURES; i++) {
            assertEquals(401, client.login("wrong " + i).statusCode());
        }
        HttpResponse<String> locked = client.login(PASSWORD);
        assertEquals(429, locked.statusCode());
        assertTrue(locked.body().contains("too many wrong passwords"), locked.body());
        web.clock.advance(ManagementServlet.LOCK_TIME.plusSeconds(1));
        assertEquals(302, client.login(PASSWORD).statusCode());
    }

    @Test
    void aFormIsCheckedLikeAProfileFileAndShowsTheParsersErrorText() throws Exception {
        client.login(PASSWORD);
        HttpResponse<String> r = client.post("/sip/transport", form("csrf", client.csrf(),
                "SipEp.TransportTlsVersion", "TLSv3", "SipEp.TransportFailbackInterval", "2"));
        assertEquals(400, r.statusCode());
        ProfileException expected = org.junit.jupiter.api.Assertions.assertThrows(ProfileException.class,
                () -> new ProfileParser(DeviceSchema.DGW_2_0).parse("SipEp.TransportTlsVersion=TLSv3\nSipEp.TransportFailbackInterval=2", "web"));
        for (ProfileError e : expected.errors()) {
            String withoutLine = new ProfileError("web", 0, e.variable(), e.message(), e.allowed()).toString();
            assertTrue(r.body().contains(Html.escape(withoutLine)), withoutLine + " not in " + r.body());
        }
        assertTrue(r.body().contains("Nothing was saved"));
        assertEquals("TLSv1", web.unit.configured().get("SipEp.TransportTlsVersion"));
    }

    @Test
    void aRuleSpanningVariablesIsCheckedToo() throws Exception {
        client.login(PASSWORD);
        HttpResponse<String> r = client.post("/sip/transport", form("csrf", client.csrf(),
                "SipEp.TransportConfig[gw].TlsEnable", "Enable", "SipEp.TransportConfig[gw].UdpEnable", "Enable"));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains(Html.escape("web: SipEp.TransportConfig[gw].UdpEnable: TLS is exclusive with UDP and TCP")), r.body());
    }

    @Test
    void secretsAreNeverSentToTheBrowserNorThroughTheApi() throws Exception {
        client.login(PASSWORD);
        assertFalse(client.get("/sip/lines").body().contains("s3cret-digest"));
        assertFalse(client.get("/management/profile").body().contains("s3cret-digest"));
        String api = client.get("/api/profile").body();
        assertTrue(api.contains("\"SipEp.Authentication[Port1].Password\":\"********\""), api);
        assertFalse(api.contains("s3cret-digest"));
        // An empty password field keeps the secret.
        client.post("/sip/lines", form("csrf", client.csrf(), "SipEp.Authentication[Port1].Password", "",
                "SipEp.UserAgent[Port1].FriendlyName", "Lab phone"));
        assertEquals("s3cret-digest", web.unit.configured().cell("SipEp.Authentication", "Port1", "Password"));
        assertEquals("Lab phone", web.unit.configured().cell("SipEp.UserAgent", "Port1", "FriendlyName"));
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        client.login(PASSWORD);
        String session = client.session;
        client.post("/logout", form("csrf", client.csrf()));
        client.session = session; // a stolen copy of the cookie is worthless after logout
        assertEquals(302, client.get("/status").statusCode());
    }

    @Test
    void pagesAreNeitherCachedNorFramable() throws Exception {
        client.login(PASSWORD);
        HttpResponse<String> r = client.get("/status");
        assertEquals("no-store", r.headers().firstValue("cache-control").orElse(""));
        assertEquals("DENY", r.headers().firstValue("x-frame-options").orElse(""));
        assertTrue(r.headers().firstValue("content-security-policy").orElse("").contains("frame-ancestors 'none'"));
    }

    @Test
    void withoutAProfilePasswordOneIsGeneratedIntoAnOwnerOnlyFileNamedByAnEventAndKeptOnlyAsAHash() throws Exception {
        Path folder = home.resolve("web2");
        Path passwordFile = home.resolve(AdminPassword.GENERATED_PASSWORD_FILE);
        List<UnitEvent> events = new ArrayList<>();
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AdminPassword first;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            first = AdminPassword.resolve("", folder, passwordFile, events::add);
        } finally {
            System.setOut(stdout);
        }
        String generated = Files.readString(passwordFile).strip();
        assertEquals(16, generated.length());
        assertTrue(first.matches(generated));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
        assertFalse(printed.toString(StandardCharsets.UTF_8).contains(generated), "never on standard output");
        assertEquals(1, events.size());
        UnitEvent event = events.get(0);
        assertEquals("WEB", event.kind());
        assertEquals("PasswordGenerated", event.get("state"));
        assertEquals(passwordFile.toString(), event.get("file"));
        assertFalse(event.toLine().contains(generated), "the event names the file, never the password: " + event.toLine());

        AdminPassword second = AdminPassword.resolve("", folder, passwordFile, events::add);
        assertEquals(1, events.size(), "announced at first start only");
        assertTrue(second.matches(generated));
        assertFalse(second.matches("admin"));
        assertFalse(Files.readString(folder.resolve(AdminPassword.HASH_FILE)).contains(generated));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve(AdminPassword.HASH_FILE))));
        assertTrue(AdminPassword.resolve("from-profile", folder, passwordFile, events::add).matches("from-profile"));
    }
}
