package org.secureta.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.transport.pki.CertificateKit;
import org.secureta.transport.pki.IssuedCertificate;

/**
 * The web pages served with the unit's Host certificate: a TLS client that trusts the lab CA
 * (and nothing else) connects and sees the Host certificate's subject; the key store that holds
 * the key for the HTTPS server is the owner's only.
 */
class WebHostCertificateTest {

    @TempDir
    Path home;

    @Test
    void aTlsClientTrustingTheLabCaSeesTheHostCertificatesSubject() throws Exception {
        CertificateKit kit = new CertificateKit(Clock.systemUTC());
        IssuedCertificate ca = kit.certificateAuthority("Lab Root CA");
        IssuedCertificate host = kit.host("ta7102-web", ca, "127.0.0.1", "localhost");
        HttpsKeystore keystore = HttpsKeystore.ofHost(home.resolve("web"), host);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore.file())));
        assertFalse(keystore.toString().contains(keystore.password()), keystore.toString());
        try (WebFixture web = new WebFixture(home, "", "host-cert-password", keystore)) {
            X509Certificate[] seen = handshake(web.port, ca.certificate());
            assertEquals("CN=ta7102-web", seen[0].getSubjectX500Principal().getName());
            assertEquals("CN=Lab Root CA", seen[0].getIssuerX500Principal().getName());

            IssuedCertificate otherCa = kit.certificateAuthority("Somebody Else's CA");
            assertThrows(SSLHandshakeException.class, () -> handshake(web.port, otherCa.certificate()),
                    "a client that does not trust the lab CA refuses the server");
        }
    }

    @Test
    void withoutAHostCertificateTheGeneratedOneIsServed() throws Exception {
        try (WebFixture web = new WebFixture(home, "", "host-cert-password")) {
            X509Certificate generated = web.keystore.certificate();
            X509Certificate[] seen = handshake(web.port, generated);
            assertEquals(generated, seen[0]);
            assertEquals(false, web.keystore.hostCertificate());
        }
    }

    private static X509Certificate[] handshake(int port, X509Certificate trusted) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("trusted", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return (X509Certificate[]) socket.getSession().getPeerCertificates();
        }
    }
}
