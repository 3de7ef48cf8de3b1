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
 * The certificate the web pages are served with, as a PKCS#12 key store for the HTTPS server:
 * <ul>
 * <li>the unit's Host certificate with usage TlsServer when there is one ({@link #ofHost}),
 * copied with its key into {@code HOME/web/host-https.p12} under a fresh random password that
 * only the HTTPS server's configuration holds;</li>
 * <li>otherwise one generated at first start for the unit ({@link #prepare}: self-signed, CN and
 * SANs {@code localhost}, {@code 127.0.0.1}, the host name), kept in {@code HOME/web/https.p12}
 * with a random password in {@code HOME/web/https.pass}. A new one is made when it is within a
 * week of expiry.</li>
 * </ul>
 * All these files are readable by the owner only.
 *
 * @param certificate the certificate the server presents
 * @param hostCertificate true when it is the unit's Host certificate, false when generated
 */
public record HttpsKeystore(Path file, String password, X509Certificate certificate, boolean hostCertificate) {

    static final String FILE = "https.p12";
    static final String PASSWORD_FILE = "https.pass";
    static final String HOST_FILE = "host-https.p12";
    static final String ALIAS = "web";

    /** Never shows the password. */
    @Override
    public String toString() {
        return "HttpsKeystore[" + file + ", " + (hostCertificate ? "Host certificate " : "generated ")
                + certificate.getSubjectX500Principal().getName() + "]";
    }

    /** The unit's Host certificate (and its chain, and key) for the web pages. */
    public static HttpsKeystore ofHost(Path webFolder, IssuedCertificate host) throws IOException {
        Files.createDirectories(webFolder);
        Path file = webFolder.resolve(HOST_FILE);
        String password = randomPassword();
        try {
            AtomicFiles.writeSecret(file, pkcs12(host, password));
        } catch (PkiException | GeneralSecurityException e) {
            throw new IOException("cannot prepare the Host certificate " + host.subject() + " for the web pages: " + e.getMessage(), e);
        }
        return new HttpsKeystore(file, password, host.certificate(), true);
    }

    private static String randomPassword() {
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static byte[] pkcs12(IssuedCertificate certificate, String password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, certificate.privateKey(), password.toCharArray(), certificate.chain().toArray(new Certificate[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password.toCharArray());
        return out.toByteArray();
    }

    public static HttpsKeystore prepare(Path webFolder, String hostName, Clock clock) throws IOException {
        Files.createDirectories(webFolder);
        Path file = webFolder.resolve(FILE);
        Path passwordFile = webFolder.resolve(PASSWORD_FILE);
        if (Files.exists(file) && Files.exists(passwordFile)) {
            String password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();
            X509Certificate valid = stillValid(file, password, clock);
            if (valid != null) {
                return new HttpsKeystore(file, password, valid, false);
            }
        }
        String password = randomPassword();
        // A host name that is no DNS name (underscores, ...) cannot be a SAN: then localhost only.
        String name = hostName.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})") ? hostName : "localhost";
        try {
            IssuedCertificate certificate = new CertificateKit(clock).selfSigned(name.equals("localhost")
                    ? CertificateSpec.server(name, "localhost", "127.0.0.1")
                    : CertificateSpec.server(name, "localhost", "127.0.0.1", name));
            AtomicFiles.writeSecret(passwordFile, (password + "\n").getBytes(StandardCharsets.US_ASCII));
            AtomicFiles.writeSecret(file, pkcs12(certificate, password));
            return new HttpsKeystore(file, password, certificate.certificate(), false);
        } catch (PkiException | GeneralSecurityException e) {
            throw new IOException("cannot make the web certificate: " + e.getMessage(), e);
        }
    }

    /** The generated certificate if it is readable and more than a week from expiry, else null. */
    private static X509Certificate stillValid(Path file, String password, Clock clock) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
            return certificate != null && certificate.getNotAfter().toInstant().isAfter(clock.instant().plus(Duration.ofDays(7)))
                    ? certificate : null;
        } catch (IOException | GeneralSecurityException e) {
            return null;
        }
    }
}
