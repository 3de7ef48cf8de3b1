package org.secureta.launcher.scenario;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import org.secureta.transport.pki.PemFiles;
import org.secureta.transport.pki.PkiMaterial;

/**
 * The proxy's certificate and key as a PKCS#12 key store, for a TLS peer the scenario runs in the
 * proxy's place (the JDK reads no PEM keys). Read with tls-transport's PEM reader, so it runs in
 * a {@link DistributionClasses} loader and is called reflectively.
 */
public final class RelayKeyStore {

    private RelayKeyStore() {
    }

    /** Writes {@code proxyCertDir}'s proxy.crt and proxy.key into {@code outFile} (owner-only), under {@code password}. */
    public static String write(String proxyCertDir, String outFile, String password) throws Exception {
        Path dir = Path.of(proxyCertDir);
        PkiMaterial certificate = PemFiles.read(dir.resolve("proxy.crt"));
        PrivateKey key = PemFiles.read(dir.resolve("proxy.key")).privateKey()
                .orElseThrow(() -> new IllegalArgumentException(dir.resolve("proxy.key") + " holds no private key"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("proxy", key, password.toCharArray(), certificate.certificates().toArray(Certificate[]::new));
        Path out = Path.of(outFile);
        Files.deleteIfExists(out);
        Files.createFile(out, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        try (OutputStream stream = Files.newOutputStream(out)) {
            store.store(stream, password.toCharArray());
        }
        return certificate.certificates().get(0).getSubjectX500Principal().getName();
    }
}
