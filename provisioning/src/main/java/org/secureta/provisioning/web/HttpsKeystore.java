package org.secureta.provisioning.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.secureta.transport.pki.AtomicFiles;
import org.secureta.transport.pki.CertificateKit;
import org.secureta.transport.pki.CertificateSpec;
import org.secureta.transport.pki.IssuedCertificate;
import org.secureta.transport.pki.PkiException;

/**
 * The certificate the web pages are served with: generated at first start for the unit
 * (self-signed, CN and SANs {@code localhost}, {@code 127.0.0.1}, the host name), kept in
 * {@code HOME/web/https.p12} with a random password in {@code HOME/web/https.pass}, both
 * readable by the owner only. A new one is made when it is within a week of expiry.
 */
public record HttpsKeystore(Path file, String password) {

    static final String FILE = "https.p12";
    static final String PASSWORD_FILE = "https.pass";
    static final String ALIAS = "web";

    /** Never shows the password. */
    @Override
    public String toString() {
        return "HttpsKeystore[" + file + "]";
    }

    public static HttpsKeystore prepare(Path webFolder, String hostName, Clock clock) throws IOException {
        Files.createDirectories(webFolder);
        Path file = webFolder.resolve(FILE);
        Path passwordFile = webFolder.resolve(PASSWORD_FILE);
        if (Files.exists(file) && Files.exists(passwordFile)) {
            String password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();
            if (stillValid(file, password, clock)) {
                return new HttpsKeystore(file, password);
            }
        }
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        // A host name that is no DNS name (underscores, ...) cannot be a SAN: then localhost only.
        String name = hostName.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})") ? hostName : "localhost";
        try {
            IssuedCertificate certificate = new CertificateKit(clock).selfSigned(name.equals("localhost")
                    ? CertificateSpec.server(name, "localhost", "127.0.0.1")
                    : CertificateSpec.server(name, "localhost", "127.0.0.1", name));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, certificate.privateKey(), password.toCharArray(),
                    certificate.chain().toArray(new Certificate[0]));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password.toCharArray());
            AtomicFiles.writeSecret(passwordFile, (password + "\n").getBytes(StandardCharsets.US_ASCII));
            AtomicFiles.writeSecret(file, out.toByteArray());
        } catch (PkiException | GeneralSecurityException e) {
            throw new IOException("cannot make the web certificate: " + e.getMessage(), e);
        }
        return new HttpsKeystore(file, password);
    }

    private static boolean stillValid(Path file, String password, Clock clock) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
            return certificate != null && certificate.getNotAfter().toInstant().isAfter(clock.instant().plus(Duration.ofDays(7)));
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }
}
