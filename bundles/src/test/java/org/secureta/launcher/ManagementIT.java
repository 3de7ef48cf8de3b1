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
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;
import org.secureta.transport.pki.CertificateKit;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.KeyEncoding;
import org.secureta.transport.pki.PemFiles;

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

    @Test
    void withTheKitsHostCertificateThePagesOpenAtTheUnitsAddressWhichTheWebEventNames() throws Exception {
        // The walk-through's certificates: ta certs --unit ta1, copied into the unit's HOME.
        Path kit = dir.resolve("kit");
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(printed, true, StandardCharsets.UTF_8);
        assertEquals(0, org.secureta.opensips.Cli.certs(new String[] {"--out", kit.toString(), "--proxy-host", "127.0.0.1", "--unit", "ta1"}, out, out),
                printed.toString(StandardCharsets.UTF_8));
        Path hostFolder = Files.createDirectories(dir.resolve("home/certs/host"));
        Files.copy(kit.resolve("units/ta1/certs/host/ta1.crt"), hostFolder.resolve("ta1.crt"));
        Files.copy(kit.resolve("units/ta1/certs/host/ta1.key"), hostFolder.resolve("ta1.key"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Container c = start("SecureTA.WebHttpsPort=" + port + "\nSecureTA.WebAdminPassword=it-password\n")) {
            assertTrue(c.awaitReady(Duration.ofSeconds(60)), () -> "not ready: " + c.bundlesNotUp());
            // The JDK client checks the certificate names 127.0.0.1 (RFC 2818 section 3.1) and Jetty
            // that the Host header is a name of the certificate (its SNI host check).
            HttpClient http = HttpClient.newBuilder().sslContext(trusting(PemFiles.readCertificate(kit.resolve("ca/ca.crt")))).build();
            HttpResponse<String> login = awaitLoginPage(http, "https://127.0.0.1:" + port + "/login");
            assertEquals(200, login.statusCode(), login.body());
            assertTrue(login.body().contains("id=\"login\""), login.body());
            String status = c.command("status");
            assertTrue(status.contains("WEB web=https state=Configured url=https://127.0.0.1:" + port + "/ port=" + port + " certificate=Host subject=CN=ta1"),
                    status);
        }
    }

    @Test
    void theWebPagesPresentTheHostCertificateAndAReplacementOneAfterRestartRequiredServices() throws Exception {
        CertificateKit kit = new CertificateKit(Clock.systemUTC());
        IssuedCertificate ca = kit.certificateAuthority("Lab Root CA");
        IssuedCertificate first = kit.host("ta7102-first", ca, "127.0.0.1");
        IssuedCertificate second = kit.host("ta7102-second", ca, "127.0.0.1");
        Path hostFolder = Files.createDirectories(dir.resolve("home/certs/host"));
        PemFiles.writeCertificates(hostFolder.resolve("first.crt"), first.chain());
        PemFiles.writePrivateKey(hostFolder.resolve("first.key"), first.privateKey());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Container c = start("SecureTA.WebHttpsPort=" + port + "\nSecureTA.WebAdminPassword=it-password\n")) {
            assertTrue(c.awaitReady(Duration.ofSeconds(60)), () -> "not ready: " + c.bundlesNotUp());
            SSLContext trustingTheLabCa = trusting(ca.certificate());
            assertEquals("CN=ta7102-first", awaitSubject(trustingTheLabCa, port, "CN=ta7102-first"));

            // Replace it through the JSON API: upload the second, delete the first.
            HttpClient http = HttpClient.newBuilder().sslContext(trustingTheLabCa).build();
            String base = "https://127.0.0.1:" + port;
            HttpResponse<String> in = awaitLoginPage(http, base + "/login");
            assertEquals(200, in.statusCode());
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("password=it-password")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            String csrf = login.body().replaceAll(".*\"csrfToken\":\"([^\"]+)\".*", "$1");
            String boundary = "----it" + System.nanoTime();
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\nHost\r\n"
                    + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"unsecured\"\r\n\r\non\r\n"
                    + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"usage\"\r\n\r\nTlsServer\r\n"
                    + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"second.pem\"\r\n\r\n"
                    + PemFiles.certificatesPem(second.chain())
                    + new String(PemFiles.privateKeyPem(second.privateKey(), KeyEncoding.PKCS8), StandardCharsets.US_ASCII)
                    + "\r\n--" + boundary + "--\r\n";
            HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(URI.create(base + "/api/certificates"))
                    .header("Cookie", cookie).header("X-CSRF-Token", csrf)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, uploaded.statusCode(), uploaded.body());
            String list = http.send(HttpRequest.newBuilder(URI.create(base + "/api/certificates")).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\"id\":\"([^\"]+)\",\"category\":\"Host\",\"issuedTo\":\"ta7102-first\"")
                    .matcher(list);
            assertTrue(m.find(), list);
            String firstId = m.group(1);
            HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/certificates/" + firstId))
                    .header("Cookie", cookie).header("X-CSRF-Token", csrf).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, deleted.statusCode(), deleted.body());
            assertEquals("CN=ta7102-first", subject(trustingTheLabCa, port), "a certificate change waits for the restart, as on the unit");

            HttpResponse<String> restarted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/restart"))
                    .header("Cookie", cookie).header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, restarted.statusCode(), restarted.body());
            assertEquals("CN=ta7102-second", awaitSubject(trustingTheLabCa, port, "CN=ta7102-second"));
            assertTrue(c.command("status").contains("WEB web=https state=Configured url=https://127.0.0.1:" + port + "/ port=" + port + " certificate=Host subject=CN=ta7102-second"),
                    c.command("status"));
        }
    }

    /** The subject the HTTPS server presents once it is {@code expected} (the server restarts after a change), or the last one seen. */
    private static String awaitSubject(SSLContext context, int port, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String seen = null;
        while (System.nanoTime() < deadline) {
            try {
                seen = subject(context, port);
                if (expected.equals(seen)) {
                    return seen;
                }
            } catch (java.io.IOException notYet) {
                seen = notYet.toString();
            }
            Thread.sleep(100);
        }
        return seen;
    }

    private static String subject(SSLContext context, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    private static SSLContext trusting(X509Certificate ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static HttpResponse<String> awaitLoginPage(HttpClient http, String url) throws Exception {
        // The web server's bundles start once the servlet is registered, which may be after the
        // unit is ready (Container, issue 19): on a loaded machine Jetty's start takes seconds.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
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
    static SSLContext trusting(Path webFolder) throws Exception {
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
