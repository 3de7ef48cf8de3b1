package org.secureta.transport.pki;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * PKCS#12 (RFC 7292) files: one private key with its chain, plus any further trusted
 * certificates, protected by a password. A wrong or missing password is reported as such.
 */
final class Pkcs12Codec {

    private static final String PKCS12_ALIAS = "host";

    private Pkcs12Codec() {
    }

    static PkiMaterial decode(byte[] content, String source, char[] password) throws PkiException {
        char[] secret = password == null ? new char[0] : password;
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(content), secret);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new PkiException(source, PkiException.Problem.WRONG_PASSWORD,
                        password == null || password.length == 0
                                ? "PKCS#12 file is protected by a password and none was given"
                                : "wrong password for the PKCS#12 file");
            }
            throw new PkiException(source, PkiException.Problem.CORRUPT, "PKCS#12 file is truncated or damaged: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new PkiException(source, PkiException.Problem.CORRUPT, "PKCS#12 file cannot be opened: " + e.getMessage(), e);
        }
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            PrivateKey key = null;
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Key entry = store.getKey(alias, secret);
                    if (!(entry instanceof PrivateKey privateKey)) {
                        throw new PkiException(source, PkiException.Problem.UNSUPPORTED, "PKCS#12 entry \"" + alias + "\" is not a private key");
                    }
                    if (key != null) {
                        throw new PkiException(source, PkiException.Problem.UNSUPPORTED, "PKCS#12 file holds more than one private key");
                    }
                    key = privateKey;
                    for (Certificate c : store.getCertificateChain(alias)) {
                        certificates.add((X509Certificate) c);
                    }
                } else if (store.getCertificate(alias) instanceof X509Certificate trusted && !certificates.contains(trusted)) {
                    certificates.add(trusted);
                }
            }
            if (key != null && !"RSA".equals(key.getAlgorithm()) && !"EC".equals(key.getAlgorithm())) {
                throw new PkiException(source, PkiException.Problem.UNSUPPORTED, "PKCS#12 key is " + key.getAlgorithm() + "; the unit supports RSA and EC keys");
            }
            return new PkiMaterial(certificates, Optional.ofNullable(key));
        } catch (UnrecoverableKeyException e) {
            throw new PkiException(source, PkiException.Problem.WRONG_PASSWORD, "the PKCS#12 key is protected by a different password than the file");
        } catch (GeneralSecurityException e) {
            throw new PkiException(source, PkiException.Problem.CORRUPT, "PKCS#12 entries cannot be read: " + e.getMessage(), e);
        }
    }

    static byte[] encode(IssuedCertificate issued, char[] password) throws PkiException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(PKCS12_ALIAS, issued.privateKey(), password, issued.chain().toArray(Certificate[]::new));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException(issued.subject(), PkiException.Problem.WRITE_FAILED, "cannot build PKCS#12", e);
        }
    }
}
