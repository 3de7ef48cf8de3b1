package org.secureta.transport.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.X509ExtendedKeyManager;

/** Turns certificates and keys into what JSSE takes: in-memory key stores and key managers. */
public final class KeyMaterial {

    private KeyMaterial() {
    }

    /**
     * A key manager that presents this certificate and chain (the unit's Host certificate)
     * whenever the key type fits, even when the peer's list of acceptable CAs does not name its
     * issuer: the peer then refuses it with a reason instead of seeing no certificate at all.
     */
    public static X509ExtendedKeyManager keyManager(IssuedCertificate host) {
        return new HostKeyManager(host);
    }

    /** An in-memory PKCS#12 key store holding the key and chain under the alias "host". */
    public static KeyStore keyStore(IssuedCertificate host, char[] password) throws PkiException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("host", host.privateKey(), password, host.chain().toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException(host.subject(), PkiException.Problem.UNSUPPORTED, "cannot build key store: " + e.getMessage(), e);
        }
    }

    /** An in-memory trust store of CA certificates, aliased by fingerprint. */
    public static KeyStore trustStore(Collection<X509Certificate> anchors) throws PkiException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (X509Certificate anchor : anchors) {
                store.setCertificateEntry(Certificates.fingerprint(anchor), anchor);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("trust store", PkiException.Problem.UNSUPPORTED, "cannot build trust store: " + e.getMessage(), e);
        }
    }
}
