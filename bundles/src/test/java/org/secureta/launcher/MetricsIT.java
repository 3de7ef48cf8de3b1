package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.launcher.scenario.ProxyLab;
import org.secureta.provisioning.metrics.PrometheusTextParser;
import org.secureta.proxykit.EachProxy;
import org.secureta.proxykit.Proxy;

/**
 * Issue 18's metrics of a single {@code ./ta run} unit, end to end: two real units register over
 * TLS through Kamailio and one calls the other with SRTP (SDES); the caller's {@code /metrics}, on
 * its own HTTPS web server, read as Prometheus reads it (HTTP Basic, the strict parser), shows the
 * registration, the link up, the call in progress then completed with a set-up time observation,
 * SRTP packets both ways and no authentication failure; bad requests get plain-text errors.
 */
class MetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WEB_PASSWORD = "metrics-it-password";
    private static final Pattern RECEIVED = Pattern.compile(" received=(\\d+)");
    private static final Pattern SENT = Pattern.compile(" sent=(\\d+)");

    @TempDir
    Path dir;

    @EachProxy.Test(Proxy.KAMAILIO)
    void aUnitThatRegisteredAndCalledShowsItInItsPrometheusMetrics(Proxy proxy) throws Exception {
        try (ProxyLab lab = ProxyLab.create(proxy, ContainerIT.DIST, dir, List.of("unit1", "unit2"), System.out)) {
            int webPort = lab.ports().next();
            UnitProfile p1 = UnitProfile.tlsLine("100", "metrics-pw-100", lab.registrar(), lab.ports().next())
                    .with("SecureTA.WebHttpsPort", Integer.toString(webPort))
                    .with("SecureTA.WebAdminPassword", WEB_PASSWORD)
                    .with("SecureTA.MetricsEnable", "Enable");
            UnitProfile p2 = UnitProfile.tlsLine("101", "metrics-pw-101", lab.registrar(), lab.ports().next());
            Map<String, UnitProfile> units = new LinkedHashMap<>();
            units.put("unit1", p1);
            units.put("unit2", p2);
            lab.startProxy(units);
            RunningUnit caller = lab.startUnit("unit1", p1);
            RunningUnit callee = lab.startUnit("unit2", p2);
            for (RunningUnit unit : List.of(caller, callee)) {
                unit.awaitStatus(WAIT, "TLS_LINK gateway=Lab state=Up");
                unit.awaitStatus(WAIT, "REGISTRATION line=Port1 state=Registered");
            }
            HttpClient http = HttpClient.newBuilder().sslContext(ManagementIT.trusting(caller.home().resolve("web"))).build();
            String metrics = "https://127.0.0.1:" + webPort + "/metrics";

            awaitServed(http, metrics);
            PrometheusTextParser registered = scrape(http, metrics);
            assertEquals(1, registered.require("secureta_registrations", "state", "Registered"));
            assertEquals(1, registered.require("secureta_registration_successes_total"));
            assertEquals(1, registered.require("secureta_tls_links", "state", "Up"));
            assertEquals(1, registered.require("secureta_tls_link_connects_total"));
            assertEquals(0, registered.require("secureta_tls_link_reconnects_total"));
            assertEquals(0, registered.require("secureta_calls_started_total", "direction", "out"));

            String placed = caller.command("call", "101");
            assertTrue(placed.startsWith("call "), placed);
            String id = placed.split(" ")[1];
            String connected = caller.awaitStatus(WAIT, "CALL call=" + id, "state=Connected");
            assertTrue(connected.contains("secure=yes keyManagement=Sdes"), connected);
            assertTrue(connected.contains(" direction=out setupMs="), "the caller's Connected event carries the set-up time: " + connected);
            callee.awaitStatus(WAIT, "CALL call=", "state=Connected", "direction=in");
            // Media both ways for a while (50 packets = one second of 20 ms frames), as the caller's counters show.
            caller.awaitCall(WAIT, line -> line.contains("Connected") && count(RECEIVED, line) >= 50 && count(SENT, line) >= 50,
                    "50 SRTP packets sent and 50 received");

            PrometheusTextParser talking = scrape(http, metrics);
            assertEquals(1, talking.require("secureta_calls", "state", "Connected"));
            assertEquals(1, talking.require("secureta_calls_started_total", "direction", "out"));
            assertEquals(1, talking.require("secureta_calls_connected_total", "direction", "out"));
            assertEquals(1, talking.require("secureta_call_setup_seconds_count"));

            assertTrue(caller.command("hangup", id).contains("hung up"));
            caller.awaitStatus(WAIT, "CALL call=" + id, "state=Ended");

            String exposition = scrapeText(http, metrics);
            System.out.println("EXPOSITION after the call:\n" + exposition);
            PrometheusTextParser done = PrometheusTextParser.parse(exposition);
            assertEquals(0, done.require("secureta_calls", "state", "Connected"));
            assertEquals(1, done.require("secureta_calls_ended_total", "direction", "out", "state", "Ended"));
            assertEquals(0, done.require("secureta_calls_ended_total", "direction", "out", "state", "Failed"));
            assertEquals(1, done.require("secureta_call_setup_seconds_count"));
            double setup = done.require("secureta_call_setup_seconds_sum");
            assertTrue(setup > 0 && setup < WAIT.toSeconds(), "set-up time " + setup + " s");
            assertEquals(1, done.require("secureta_call_setup_seconds_bucket", "le", "+Inf"));
            assertTrue(done.require("secureta_srtp_packets_total", "direction", "sent") >= 50, "SRTP packets sent");
            assertTrue(done.require("secureta_srtp_packets_total", "direction", "received") >= 50, "SRTP packets received");
            assertEquals(0, done.require("secureta_srtp_auth_failures_total"));
            assertEquals(0, done.require("secureta_srtp_replays_total"));
            assertEquals(1, done.require("secureta_registrations", "state", "Registered"));
            assertEquals(1, done.require("secureta_tls_links", "state", "Up"));
            System.out.printf("FIGURE %s: call set-up through the proxy as /metrics observed it: %.3f s%n", proxy.displayName(), setup);

            badRequests(http, metrics);
        }
    }

    private static void badRequests(HttpClient http, String metrics) throws Exception {
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(metrics)).header("Authorization", basic())
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode(), post.body());
        assertEquals("405 /metrics answers GET and HEAD only, not POST\n", post.body());
        assertEquals("GET, HEAD", post.headers().firstValue("allow").orElse(""));

        HttpResponse<String> longQuery = get(http, metrics + "?q=" + "a".repeat(3000), basic());
        assertEquals(414, longQuery.statusCode(), longQuery.body());
        assertTrue(longQuery.body().startsWith("414 the query string of /metrics is 3002 characters long"), longQuery.body());

        // Beyond what the web server reads of a request line at all: refused by Jetty before the servlet, without a stack trace.
        HttpResponse<String> huge = get(http, metrics + "?q=" + "a".repeat(100_000), basic());
        assertTrue(huge.statusCode() == 414 || huge.statusCode() == 431, huge.statusCode() + " " + huge.body());
        assertFalse(huge.body().contains("at org.eclipse.jetty"), huge.body());

        HttpResponse<String> anonymous = get(http, metrics, null);
        assertEquals(401, anonymous.statusCode());
        assertFalse(anonymous.body().contains("secureta_"), anonymous.body());
    }

    /** Until the servlet is on the whiteboard, the server answers 404 (or is not listening yet). */
    private static void awaitServed(HttpClient http, String url) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                HttpResponse<String> r = get(http, url, basic());
                if (r.statusCode() != 404 || System.nanoTime() > deadline) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            Thread.sleep(100);
        }
    }

    private static PrometheusTextParser scrape(HttpClient http, String url) throws Exception {
        return PrometheusTextParser.parse(scrapeText(http, url));
    }

    private static String scrapeText(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = get(http, url, basic());
        assertEquals(200, r.statusCode(), r.body());
        String type = r.headers().firstValue("content-type").orElse("");
        assertTrue(type.startsWith("text/plain") && type.contains("version=0.0.4"), type);
        return r.body();
    }

    private static HttpResponse<String> get(HttpClient http, String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + WEB_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static long count(Pattern counter, String callsLine) {
        Matcher m = counter.matcher(callsLine);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
