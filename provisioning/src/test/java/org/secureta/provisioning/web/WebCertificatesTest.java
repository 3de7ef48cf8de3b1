package org.secureta.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.provisioning.certs.CertificateCategory;
import org.secureta.transport.pki.CertificateKit;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.KeyEncoding;
import org.secureta.transport.pki.PemFiles;

/** Management > Certificates over real HTTPS: the guide's upload rules as the page applies them. */
class WebCertificatesTest {

    private static final String PASSWORD = "cert-test-password";

    @TempDir
    Path home;

    private WebFixture web;
    private WebClient client;
    private final CertificateKit kit = new CertificateKit(Clock.systemUTC());
    private IssuedCertificate ca;

    @BeforeEach
    void start() throws Exception {
        web = new WebFixture(home, "", PASSWORD);
        client = new WebClient(web);
        client.login(PASSWORD);
        ca = kit.certificateAuthority("Lab Root CA");
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    private static byte[] pem(IssuedCertificate c) throws Exception {
        return PemFiles.certificatesPem(List.of(c.certificate())).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] pemWithKey(IssuedCertificate c) throws Exception {
        byte[] cert = PemFiles.certificatesPem(c.chain()).getBytes(StandardCharsets.US_ASCII);
        byte[] key = PemFiles.privateKeyPem(c.privateKey(), KeyEncoding.PKCS8);
        byte[] both = new byte[cert.length + key.length];
        System.arraycopy(cert, 0, both, 0, cert.length);
        System.arraycopy(key, 0, both, cert.length, key.length);
        return both;
    }

    @Test
    void anOtherCaUploadIsListedAndThePageOffersToRestartRequiredServices() throws Exception {
        HttpResponse<String> r = Multipart.post(web, client, "/management/certificates/upload", client.csrf(),
                Multipart.text("category", "Other"), Multipart.file("file", "lab-root.pem", pem(ca)));
        assertEquals(302, r.statusCode(), r.body());
        assertEquals(CertificateCategory.Other, web.unit.certificates().list().get(0).category());
        String page = client.get("/management/certificates").body();
        assertTrue(page.contains("Uploaded 1 Other certificate(s): Lab Root CA. Restart required services to use it."), page);
        assertTrue(page.contains("id=\"restart\""), "the page offers Restart required services");
        assertTrue(page.contains("<td>Other</td><td>Lab Root CA</td><td>Lab Root CA</td>"), page);
        assertTrue(web.unit.events().stream().anyMatch(e -> e.kind().equals("CERT") && "Lab Root CA".equals(e.get("issuedTo"))));
    }

    @Test
    void aHostCertificateIsRefusedWithoutTheUnsecuredTransferBoxWithTheGuidesReasonAndAcceptedWithIt() throws Exception {
        IssuedCertificate host = kit.host("ta7102", ca, "ta7102.lab");
        HttpResponse<String> refused = Multipart.post(web, client, "/management/certificates/upload", client.csrf(),
                Multipart.text("category", "Host"), Multipart.text("usage", "TlsClient"), Multipart.file("file", "ta7102.pem", pemWithKey(host)));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("ta7102.pem: a Host certificate upload carries its private key, which would travel in clear text"
                + " and could be intercepted. Activate unsecured certificate transfer to allow it"), refused.body());
        assertEquals(List.of(), web.unit.certificates().list());
        assertTrue(Files.list(home.resolve("certs/host")).findAny().isEmpty(), "nothing was written");

        HttpResponse<String> accepted = Multipart.post(web, client, "/management/certificates/upload", client.csrf(),
                Multipart.text("category", "Host"), Multipart.text("usage", "TlsClient"), Multipart.text("unsecured", "on"),
                Multipart.file("file", "ta7102.pem", pemWithKey(host)));
        assertEquals(302, accepted.statusCode(), accepted.body());
        assertEquals("ta7102", web.unit.certificates().list().get(0).issuedTo());
        String page = client.get("/management/certificates").body();
        assertTrue(page.contains("<td>Host</td><td>ta7102</td><td>Lab Root CA</td>"), page);
        assertTrue(page.contains("<td>TlsClient</td>"), page);
        assertTrue(!page.contains("PRIVATE KEY"), "a key never goes back to the browser");
    }

    @Test
    void aBadFileIsRefusedWithTheStoresReason() throws Exception {
        IssuedCertificate leaf = kit.server("proxy.lab", ca);
        HttpResponse<String> r = Multipart.post(web, client, "/management/certificates/upload", client.csrf(),
                Multipart.text("category", "Other"), Multipart.file("file", "proxy.pem", pem(leaf)));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("proxy.pem: CN=proxy.lab is not a CA certificate (CA flag missing"), r.body());
    }

    @Test
    void aCertificateCanBeDeleted() throws Exception {
        Multipart.post(web, client, "/management/certificates/upload", client.csrf(),
                Multipart.text("category", "Other"), Multipart.file("file", "lab-root.pem", pem(ca)));
        String id = web.unit.certificates().list().get(0).id();
        assertEquals(302, client.post("/management/certificates/delete", WebClient.form("csrf", client.csrf(), "id", id)).statusCode());
        assertEquals(List.of(), web.unit.certificates().list());
    }
}
