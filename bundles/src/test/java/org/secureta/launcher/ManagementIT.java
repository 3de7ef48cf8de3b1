package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;

/**
 * The management plane in the real Felix distribution: the web pages over HTTPS from the Felix
 * HTTP service, and the unit clock service the data plane waits for.
 */
class ManagementIT {

    @TempDir
    Path dir;

    private Container start(String profileText) throws Exception {
        Path profile = dir.resolve("unit.profile");
        Files.writeString(profile, profileText);
        return Container.start(new LaunchOptions(ContainerIT.DIST, dir.resolve("home"), Optional.of(profile), false, false));
    }

    @Test
    void theWebPagesAreServedOverHttpsBehindTheLogin() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Container c = start("SecureTA.WebHttpsPort=" + port + "\nSecureTA.WebAdminPassword=it-password\n")) {
            assertTrue(c.awaitReady(Duration.ofSeconds(60)), () -> "not ready: " + c.bundlesNotUp());
            Path web = dir.resolve("home/web");
            HttpClient http = HttpClient.newBuilder().sslContext(trusting(web)).build();
            HttpResponse<String> login = awaitLoginPage(http, "https://127.0.0.1:" + port + "/login");
            assertEquals(200, login.statusCode());
            assertTrue(login.body().contains("<form method=\"post\" action=\"/login\" id=\"login\">"), login.body());
            HttpResponse<String> in = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("password=it-password")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, in.statusCode(), in.body());
            String cookie = in.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/status"))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode());
            assertTrue(status.body().contains("\"kind\":\"PROFILE\""), status.body());
        }
    }

    private static HttpResponse<String> awaitLoginPage(HttpClient http, String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 404 || System.nanoTime() > deadline) {
                    return r; // 404 until the servlet is on the whiteboard
                }
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            Thread.sleep(100);
        }
    }

    /** Trusts the certificate the unit generated for its web pages, and nothing else. */
    private static SSLContext trusting(Path webFolder) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(webFolder.resolve("https.pass")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        char[] password = Files.readString(webFolder.resolve("https.pass")).strip().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(webFolder.resolve("https.p12"))) {
            store.load(in, password);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("unit", store.getCertificate("web"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    @Test
    void theUnitClockIsUnusableUntilSynchronisedOrTheLabOverrideIsSet() throws Exception {
        try (Container c = start("")) {
            assertTrue(c.awaitReady(Duration.ofSeconds(60)));
            ServiceReference<Clock> clock = awaitClock(c);
            assertEquals("unit", clock.getProperty("secureta.clock"));
            assertEquals(Boolean.FALSE, clock.getProperty("secureta.clock.synchronised"));
            assertEquals(Boolean.FALSE, clock.getProperty("secureta.clock.usable"), "no SNTP server: security may not come up");
            assertTrue(c.framework().getBundleContext().getServiceReferences(Clock.class,
                    "(&(secureta.clock=unit)(secureta.clock.usable=true))").isEmpty());
            assertTrue(c.command("status").contains("CLOCK clock=unit state=Unsynchronised reason=\"no SNTP server configured"));

            c.command("set", "SecureTA.LabAllowUnsynchronisedClock", "Enable");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Boolean.TRUE.equals(clock.getProperty("secureta.clock.usable")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(Boolean.TRUE, clock.getProperty("secureta.clock.usable"));
            assertEquals(Boolean.FALSE, clock.getProperty("secureta.clock.synchronised"));
        }
    }

    private static ServiceReference<Clock> awaitClock(Container c) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            ServiceReference<Clock> r = c.framework().getBundleContext().getServiceReference(Clock.class);
            if (r != null) {
                return r;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no unit clock service");
    }
}
