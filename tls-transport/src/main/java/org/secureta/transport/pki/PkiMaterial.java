package org.secureta.transport.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one file held: its certificates in file order and, if there was one, a private key.
 * toString never shows the key.
 */
public record PkiMaterial(List<X509Certificate> certificates, Optional<PrivateKey> privateKey) {

    public PkiMaterial {
        certificates = List.copyOf(certificates);
        Objects.requireNonNull(privateKey, "privateKey");
    }

    public boolean hasPrivateKey() {
        return privateKey.isPresent();
    }

    @Override
    public String toString() {
        return "PkiMaterial[certificates=" + certificates.stream().map(Certificates::subject).toList()
                + ", privateKey=" + privateKey.map(k -> k.getAlgorithm() + " (hidden)").orElse("none") + "]";
    }
}
