package org.secureta.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.transport.pki.CertificateKit;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.KeyEncoding;
import org.secureta.transport.pki.PemFiles;

/**
 * The JSON API's certificates (list, upload Other and Host, delete) over real HTTPS, as a script
 * would use it: log in, keep the cookie, send the CSRF token in its header. The same rules as the
 * page: a Host upload needs {@code unsecured}, and a refusal changes nothing.
 */
class ApiCertificatesTest {

    private static final String PASSWORD = "api-cert-password";
    private static final Pattern TOKEN = Pattern.compile("\"csrfToken\":\"([^\"]+)\"");

    @TempDir
    Path home;

    private WebFixture web;
    private HttpClient http;
    private String session;
    private String csrf;
    private final CertificateKit kit = new CertificateKit(Clock.systemUTC());
    private IssuedCertificate ca;
    private IssuedCertificate host;

    @BeforeEach
    void start() throws Exception {
        web = new WebFixture(home, "", PASSWORD);
        http = HttpClient.newBuilder().sslContext(web.trustingTheUnit()).build();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(web.url("/api/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("password=" + PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("set-cookie").orElseThrow();
        session = cookie.substring(ManagementServlet.COOKIE.length() + 1, cookie.indexOf(';'));
        Matcher m = TOKEN.matcher(login.body());
        assertTrue(m.find(), login.body());
        csrf = m.group(1);
        ca = kit.certificateAuthority("Lab Root CA");
        host = kit.host("ta7102", ca, "ta7102.lab");
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(web.url(path))).header("Cookie", ManagementServlet.COOKIE + "=" + session).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(web.url(path))).DELETE()
                .header("Cookie", ManagementServlet.COOKIE + "=" + session);
        if (token != null) {
            b.header(ManagementServlet.CSRF_HEADER, token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private byte[] caPem() throws Exception {
        return PemFiles.certificatesPem(List.of(ca.certificate())).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] hostPemWithKey() throws Exception {
        String both = PemFiles.certificatesPem(host.chain())
                + new String(PemFiles.privateKeyPem(host.privateKey(), KeyEncoding.PKCS8), StandardCharsets.US_ASCII);
        return both.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void anOtherCaUploadAnswersWithTheEntryAndIsListed() throws Exception {
        HttpResponse<String> r = Multipart.postApi(web, session, "/api/certificates", csrf,
                Multipart.text("category", "Other"), Multipart.file("file", "lab-root.pem", caPem()));
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"category\":\"Other\",\"issuedTo\":\"Lab Root CA\",\"issuedBy\":\"Lab Root CA\""), r.body());
        assertTrue(r.body().contains("\"message\":\"Uploaded 1 Other certificate(s): Lab Root CA. Restart required services to use it.\""), r.body());
        String id = web.unit.certificates().list().get(0).id();
        HttpResponse<String> list = get("/api/certificates");
        assertEquals(200, list.statusCode());
        assertTrue(list.body().startsWith("[{\"id\":\"" + id + "\",\"category\":\"Other\""), list.body());
    }

    @Test
    void aHostUploadWithoutUnsecuredIsRefusedWithTheReasonAndAcceptedWithIt() throws Exception {
        HttpResponse<String> refused = Multipart.postApi(web, session, "/api/certificates", csrf,
                Multipart.text("category", "Host"), Multipart.text("usage", "TlsServer"), Multipart.file("file", "ta7102.pem", hostPemWithKey()));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("\"error\":\"ta7102.pem: a Host certificate upload carries its private key, which would travel"
                + " in clear text and could be intercepted. Activate unsecured certificate transfer to allow it"), refused.body());
        assertTrue(refused.body().contains("\"reason\":\"UNSECURED_TRANSFER_REQUIRED\",\"file\":\"ta7102.pem\""), refused.body());
        assertEquals(List.of(), web.unit.certificates().list());
        try (var files = Files.list(home.resolve("certs/host"))) {
            assertEquals(0, files.count(), "no key was written");
        }

        HttpResponse<String> accepted = Multipart.postApi(web, session, "/api/certificates", csrf,
                Multipart.text("category", "Host"), Multipart.text("usage", "TlsServer"), Multipart.text("unsecured", "on"),
                Multipart.file("file", "ta7102.pem", hostPemWithKey()));
        assertEquals(201, accepted.statusCode(), accepted.body());
        assertTrue(accepted.body().contains("\"category\":\"Host\",\"issuedTo\":\"ta7102\",\"issuedBy\":\"Lab Root CA\""), accepted.body());
        assertTrue(accepted.body().contains("\"usage\":[\"TlsServer\"]"), accepted.body());
        assertFalse(get("/api/certificates").body().contains("PRIVATE KEY"), "a key never leaves the unit");
    }

    @Test
    void badFieldsAreNamedAndChangeNothing() throws Exception {
        HttpResponse<String> category = Multipart.postApi(web, session, "/api/certificates", csrf,
                Multipart.text("category", "Trusted"), Multipart.file("file", "lab-root.pem", caPem()));
        assertEquals(400, category.statusCode());
        assertEquals("{\"error\":\"category: \\\"Trusted\\\" is not a certificate type (allowed: Other, Host)\"}", category.body());

        HttpResponse<String> usage = Multipart.postApi(web, session, "/api/certificates", csrf, Multipart.text("category", "Host"),
                Multipart.text("usage", "TlsPeer"), Multipart.text("unsecured", "on"), Multipart.file("file", "ta7102.pem", hostPemWithKey()));
        assertEquals(400, usage.statusCode());
        assertTrue(usage.body().contains("usage \\\"TlsPeer\\\" is not one of TlsClient, TlsServer"), usage.body());

        HttpResponse<String> noFile = Multipart.postApi(web, session, "/api/certificates", csrf, Multipart.text("category", "Other"));
        assertEquals(400, noFile.statusCode());
        assertTrue(noFile.body().contains("Choose a certificate file to upload."), noFile.body());

        HttpResponse<String> notMultipart = http.send(HttpRequest.newBuilder(URI.create(web.url("/api/certificates")))
                .header("Cookie", ManagementServlet.COOKIE + "=" + session).header(ManagementServlet.CSRF_HEADER, csrf)
                .header("Content-Type", "application/x-pem-file").POST(HttpRequest.BodyPublishers.ofByteArray(caPem())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, notMultipart.statusCode());
        assertTrue(notMultipart.body().contains("send the certificate as multipart/form-data"), notMultipart.body());

        HttpResponse<String> leaf = Multipart.postApi(web, session, "/api/certificates", csrf, Multipart.text("category", "Other"),
                Multipart.file("file", "proxy.pem", PemFiles.certificatesPem(List.of(kit.server("proxy.lab", ca).certificate()))
                        .getBytes(StandardCharsets.US_ASCII)));
        assertEquals(400, leaf.statusCode());
        assertTrue(leaf.body().contains("\"reason\":\"CA_FLAG_MISSING\""), leaf.body());
        assertEquals(List.of(), web.unit.certificates().list());
    }

    @Test
    void uploadAndDeleteNeedTheCsrfTokenAndALiveSession() throws Exception {
        HttpResponse<String> noToken = Multipart.postApi(web, session, "/api/certificates", null,
                Multipart.text("category", "Other"), Multipart.file("file", "lab-root.pem", caPem()));
        assertEquals(403, noToken.statusCode());
        HttpResponse<String> wrongToken = Multipart.postApi(web, session, "/api/certificates", csrf + "x",
                Multipart.text("category", "Other"), Multipart.file("file", "lab-root.pem", caPem()));
        assertEquals(403, wrongToken.statusCode());
        assertEquals(List.of(), web.unit.certificates().list());

        assertEquals(201, Multipart.postApi(web, session, "/api/certificates", csrf,
                Multipart.text("category", "Other"), Multipart.file("file", "lab-root.pem", caPem())).statusCode());
        String id = web.unit.certificates().list().get(0).id();
        assertEquals(403, delete("/api/certificates/" + id, null).statusCode());
        assertEquals(1, web.unit.certificates().list().size());

        HttpResponse<String> noSession = Multipart.postApi(web, null, "/api/certificates", csrf,
                Multipart.text("category", "Other"), Multipart.file("file", "lab-root.pem", caPem()));
        assertEquals(401, noSession.statusCode());

        web.clock.advance(SessionStore.IDLE_TIMEOUT.plus(Duration.ofSeconds(1)));
        assertEquals(401, delete("/api/certificates/" + id, csrf).statusCode(), "an expired session deletes nothing");
        assertEquals(401, get("/api/certificates").statusCode());
        assertEquals(1, web.unit.certificates().list().size());
    }

    @Test
    void deleteRemovesTheCertificateAndAnUnknownIdIs404() throws Exception {
        Multipart.postApi(web, session, "/api/certificates", csrf, Multipart.text("category", "Host"), Multipart.text("unsecured", "on"),
                Multipart.text("usage", "TlsClient,TlsServer"), Multipart.file("file", "ta7102.pem", hostPemWithKey()));
        String id = web.unit.certificates().list().get(0).id();
        HttpResponse<String> deleted = delete("/api/certificates/" + id, csrf);
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertTrue(deleted.body().contains("\"message\":\"Deleted Host certificate ta7102 (" + id
                + "). Restart required services to stop using it.\""), deleted.body());
        assertEquals(List.of(), web.unit.certificates().list());
        HttpResponse<String> again = delete("/api/certificates/" + id, csrf);
        assertEquals(404, again.statusCode());
        assertEquals("{\"error\":\"no certificate with id " + id + " (GET /api/certificates lists them)\"}", again.body());
    }
}
