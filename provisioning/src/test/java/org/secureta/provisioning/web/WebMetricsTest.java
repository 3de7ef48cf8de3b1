package org.secureta.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.provisioning.metrics.MetricsService;
import org.secureta.provisioning.metrics.PrometheusText;
import org.secureta.provisioning.metrics.PrometheusTextParser;
import org.secureta.provisioning.metrics.UnitMetrics;
import org.secureta.transport.UnitEvent;

/** {@code /metrics} over real HTTPS: who may read it, what a scraper gets, and what a bad request gets. */
class WebMetricsTest {

    private static final String PASSWORD = "metrics-admin-pw";

    @TempDir
    Path home;

    private WebFixture web;
    private HttpClient http;
    private final UnitMetrics metrics = new UnitMetrics();
    private volatile boolean enabled = true;

    @BeforeEach
    void start() throws Exception {
        web = new WebFixture(home, "SecureTA.MetricsEnable=Enable\n", PASSWORD);
        MetricsService service = () -> enabled ? Optional.of(PrometheusText.write(metrics.snapshot(), false)) : Optional.empty();
        web.servlet.serveMetrics(() -> Optional.of(service));
        http = HttpClient.newBuilder().sslContext(web.trustingTheUnit()).followRedirects(HttpClient.Redirect.NEVER).build();
        metrics.accept(UnitEvent.of(UnitEvent.REGISTRATION, "line", "Port1", "state", "Registered"));
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(web.url(pathAndQuery)))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("x=1") : HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aScraperWithTheAdminPasswordGetsTheExpositionAsPrometheusText() throws Exception {
        HttpResponse<String> r = send("GET", "/metrics", basic("admin", PASSWORD));
        assertEquals(200, r.statusCode(), r.body());
        String type = r.headers().firstValue("content-type").orElse("").toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        assertTrue(type.startsWith("text/plain;") && type.contains("version=0.0.4") && type.contains("charset=utf-8"), type);
        assertEquals(1, PrometheusTextParser.parse(r.body()).require("secureta_registrations", "state", "Registered"));
        // The second scrape (the remembered credential) gets the same.
        assertEquals(200, send("GET", "/metrics", basic("admin", PASSWORD)).statusCode());
        HttpResponse<String> head = send("HEAD", "/metrics", basic("admin", PASSWORD));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void withoutOrWithAWrongCredentialItIsRefusedAndTheWrongPasswordIsAnEvent() throws Exception {
        HttpResponse<String> none = send("GET", "/metrics", null);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("www-authenticate").orElse("").startsWith("Basic realm="), none.headers().toString());
        assertTrue(none.body().contains("HTTP Basic authentication as user admin"), none.body());
        assertFalse(none.body().contains("secureta_"), "no figure without a credential");

        HttpResponse<String> wrong = send("GET", "/metrics", basic("admin", "guess"));
        assertEquals(401, wrong.statusCode());
        assertFalse(wrong.body().contains("secureta_"));
        assertTrue(web.unit.events().stream().anyMatch(e -> e.kind().equals(UnitEvent.ERROR) && "web".equals(e.get("source"))
                && e.get("message").equals("wrong password for user admin on /metrics")), web.unit.events().toString());
        assertEquals(401, send("GET", "/metrics", basic("root", PASSWORD)).statusCode(), "another user");
        assertEquals(401, send("GET", "/metrics", "Bearer " + PASSWORD).statusCode(), "not Basic");
        assertEquals(401, send("GET", "/metrics", "Basic %%%not-base64").statusCode(), "not base64");
    }

    @Test
    void wrongPasswordsLockTheLoginForScrapersAsForThePages() throws Exception {
        for (int i = 0; i < LoginThrottle.LOCK_AFTER_FAILURES; i++) {
            assertEquals(401, send("GET", "/metrics", basic("admin", "guess" + i)).statusCode());
        }
        HttpResponse<String> locked = send("GET", "/metrics", basic("admin", PASSWORD));
        assertEquals(429, locked.statusCode(), locked.body());
        assertTrue(locked.body().contains("login is locked"), locked.body());
        assertEquals(Long.toString(LoginThrottle.LOCK_TIME.toSeconds()), locked.headers().firstValue("retry-after").orElse(""));
        web.clock.advance(LoginThrottle.LOCK_TIME.plusSeconds(1));
        assertEquals(200, send("GET", "/metrics", basic("admin", PASSWORD)).statusCode());
    }

    @Test
    void aBadRequestGetsAClearPlainTextError() throws Exception {
        HttpResponse<String> post = send("POST", "/metrics", basic("admin", PASSWORD));
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("allow").orElse(""));
        assertEquals("405 /metrics answers GET and HEAD only, not POST\n", post.body());
        assertEquals(405, send("DELETE", "/metrics", null).statusCode(), "refused before the credential is looked at");

        String huge = "x=" + "a".repeat(4000);
        HttpResponse<String> tooLong = send("GET", "/metrics?" + huge, basic("admin", PASSWORD));
        assertEquals(414, tooLong.statusCode());
        assertEquals("414 the query string of /metrics is 4002 characters long; at most 1024 are accepted (the exposition takes no parameter)\n",
                tooLong.body());
        assertTrue(tooLong.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        // A short query is ignored.
        assertEquals(200, send("GET", "/metrics?name[]=x", basic("admin", PASSWORD)).statusCode());
    }

    @Test
    void whenTheMetricsAreOffThePathSaysHowToTurnThemOn() throws Exception {
        enabled = false;
        HttpResponse<String> off = send("GET", "/metrics", basic("admin", PASSWORD));
        assertEquals(404, off.statusCode());
        assertEquals("404 metrics are off on this unit: set SecureTA.MetricsEnable=Enable\n", off.body());
        assertEquals(401, send("GET", "/metrics", null).statusCode(), "whether they are on is not told without a credential");
    }

    @Test
    void anAdministratorLoggedInToThePagesMayLookWithoutBasic() throws Exception {
        WebClient browser = new WebClient(web);
        browser.login(PASSWORD);
        HttpResponse<String> r = browser.get("/metrics");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("# TYPE secureta_registrations gauge"), r.body());
    }
}
