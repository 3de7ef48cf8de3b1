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
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.transport.pki.PemFiles;

/**
 * What a hostile or careless client sends the web management: oversized forms and uploads,
 * control characters in file names, weak CA certificates. Every answer is a clear 4xx naming
 * what was wrong (or a warning), never a 500 and never a stack trace.
 */
class WebHostileInputTest {

    private static final String PASSWORD = "hostile-input-password";
    /** A Java stack frame, as a stack trace prints it. */
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\([\\w$]*(\\.java:\\d+)?\\)|Exception:|\\.java:\\d+");

    @TempDir
    Path home;

    private WebFixture web;
    private WebClient client;

    @BeforeEach
    void start() throws Exception {
        web = new WebFixture(home, "", PASSWORD);
        client = new WebClient(web);
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    private static void assertNoStackTrace(HttpResponse<String> r) {
        assertFalse(STACK_FRAME.matcher(r.body()).find(), () -> "a stack trace in the response:\n" + r.body());
    }

    private HttpResponse<String> rawPost(String path, String contentType, byte[] body) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(web.trustingTheUnit()).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(web.url(path))).header("Content-Type", contentType)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (client.session != null) {
            b.header("Cookie", ManagementServlet.COOKIE + "=" + client.session);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aOneMegabyteLoginFormIsRefusedWith413NamingTheLimit() throws Exception {
        byte[] form = ("password=" + "x".repeat(1 << 20)).getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> page = rawPost("/login", "application/x-www-form-urlencoded", form);
        assertEquals(413, page.statusCode(), page.body());
        assertTrue(page.body().contains("at most " + ManagementServlet.MAX_FORM + " bytes"), page.body());
        assertNoStackTrace(page);
        HttpResponse<String> api = rawPost("/api/login", "application/x-www-form-urlencoded", form);
        assertEquals(413, api.statusCode(), api.body());
        assertTrue(api.body().startsWith("{\"error\":"), api.body());
        assertNoStackTrace(api);
        assertEquals(302, client.login(PASSWORD).statusCode(), "the login still works");
    }

    @Test
    void aNulInAMultipartFileNameIsRefusedWith400NamingTheFileName() throws Exception {
        client.login(PASSWORD);
        byte[] ca = PemFiles.certificatesPem(List.of(new org.secureta.transport.pki.CertificateKit(java.time.Clock.systemUTC())
                .certificateAuthority("Lab Root CA").certificate())).getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> page = Multipart.post(web, client, "/management/certificates/upload", client.csrf(),
                Multipart.text("category", "Other"), Multipart.file("file", "lab\u0000root.pem", ca));
        assertEquals(400, page.statusCode(), page.body());
        assertTrue(page.body().contains("control character"), page.body());
        assertNoStackTrace(page);
        String csrf = client.csrf();
        HttpResponse<String> api = Multipart.postApi(web, client.session, "/api/certificates", csrf,
                Multipart.text("category", "Other"), Multipart.file("file", "lab\u0000root.pem", ca));
        assertEquals(400, api.statusCode(), api.body());
        assertTrue(api.body().contains("control character"), api.body());
        assertNoStackTrace(api);
        assertTrue(web.unit.certificates().list().isEmpty(), "nothing was stored");
    }

    @Test
    void aFileNameWithATabOrLineBreakThatAParserLetsThroughIsRefusedToo() {
        for (String name : List.of("a\tb.pem", "a\u0085b.pem", "a\u007fb.pem")) {
            BadRequest refused = org.junit.jupiter.api.Assertions.assertThrows(BadRequest.class, () -> RequestBody.checkFileName(name));
            assertEquals(400, refused.status());
            assertTrue(refused.getMessage().contains("control character"), refused.getMessage());
        }
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> RequestBody.checkFileName("Lab Root CA (2024).pem"));
    }

    @Test
    void anUploadOfTwoMebibytesSaysTheFileIsTooLargeAndTheLimit() throws Exception {
        client.login(PASSWORD);
        for (int size : List.of(ManagementServlet.MAX_UPLOAD + 1, 2 << 20, 5 << 20)) {
            byte[] big = new byte[size];
            java.util.Arrays.fill(big, (byte) 'A');
            HttpResponse<String> page = Multipart.post(web, client, "/management/certificates/upload", client.csrf(),
                    Multipart.text("category", "Other"), Multipart.file("file", "huge.pem", big));
            assertEquals(413, page.statusCode(), size + ": " + page.body());
            assertTrue(page.body().contains("too large"), size + ": " + page.body());
            assertTrue(page.body().contains("at most 1 MiB (" + ManagementServlet.MAX_UPLOAD + " bytes)"), size + ": " + page.body());
            assertFalse(page.body().contains("Choose a certificate file"), page.body());
            assertNoStackTrace(page);
            HttpResponse<String> api = Multipart.postApi(web, client.session, "/api/certificates", client.csrf(),
                    Multipart.text("category", "Other"), Multipart.file("file", "huge.pem", big));
            assertEquals(413, api.statusCode(), size + ": " + api.body());
            assertTrue(api.body().contains("too large") && api.body().contains("at most 1 MiB"), api.body());
            assertNoStackTrace(api);
        }
        assertEquals(200, client.get("/management/certificates").statusCode(), "the session survives");
    }

    @Test
    void anRsa1024CaIsAcceptedWithAWarningThatItWillNotValidate() throws Exception {
        client.login(PASSWORD);
        X509Certificate weak = WeakCas.ca("Weak 1024 CA", 1024, "SHA256withRSA");
        HttpResponse<String> r = Multipart.post(web, client, "/management/certificates/upload", client.csrf(),
                Multipart.text("category", "Other"), Multipart.file("file", "weak.pem", pem(weak)));
        assertEquals(302, r.statusCode(), r.body());
        String page = client.get("/management/certificates").body();
        assertTrue(page.contains("Weak 1024 CA: RSA key of 1024 bits; TLS validation refuses RSA keys under 2048 bits"), page);
        assertTrue(page.contains("will not validate"), page);
        assertTrue(web.unit.events().stream().anyMatch(e -> "certificates".equals(e.get("source")) && "Warning".equals(e.get("state"))
                && e.get("message").contains("RSA key of 1024 bits")), web.unit.events().toString());
    }

    @Test
    void aSha1CaIsAcceptedThroughTheApiWithAWarning() throws Exception {
        client.login(PASSWORD);
        X509Certificate weak = WeakCas.ca("Old SHA-1 CA", 2048, "SHA1withRSA");
        String csrf = client.csrf();
        HttpResponse<String> r = Multipart.postApi(web, client.session, "/api/certificates", csrf,
                Multipart.text("category", "Other"), Multipart.file("file", "old.pem", pem(weak)));
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"warnings\":[\"Old SHA-1 CA: signed with SHA1withRSA"), r.body());
        assertTrue(r.body().contains("will not validate"), r.body());
    }

    @Test
    void aStrongCaGetsNoWarning() throws Exception {
        client.login(PASSWORD);
        X509Certificate strong = WeakCas.ca("Good CA", 2048, "SHA256withRSA");
        HttpResponse<String> r = Multipart.postApi(web, client.session, "/api/certificates", client.csrf(),
                Multipart.text("category", "Other"), Multipart.file("file", "good.pem", pem(strong)));
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"warnings\":[]"), r.body());
    }

    private static byte[] pem(X509Certificate c) throws Exception {
        return PemFiles.certificatesPem(List.of(c)).getBytes(StandardCharsets.US_ASCII);
    }
}
