package org.secureta.transport.pki;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the unit's one Host certificate whenever its key type fits, whatever CA list the peer
 * sends. The JDK's key managers would instead send no certificate when the peer's
 * certificate_authorities list (RFC 8446 4.2.4) does not name our issuer, and the peer would then
 * only see an empty certificate; presenting it lets the peer say precisely what it dislikes.
 */
final class HostKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "host";

    private final IssuedCertificate host;

    HostKeyManager(IssuedCertificate host) {
        this.host = host;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        for (String keyType : keyTypes) {
            if (fits(keyType)) {
                return ALIAS;
            }
        }
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? host.chain().toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? host.privateKey() : null;
    }

    /**
     * JSSE asks by key type: "RSA", "RSASSA-PSS" (TLS 1.3 rsa_pss_rsae schemes sign with an
     * ordinary RSA key), "EC", or TLS 1.2 forms such as "EC_EC".
     */
    private boolean fits(String keyType) {
        if (keyType == null) {
            return false;
        }
        String algorithm = host.privateKey().getAlgorithm();
        return keyType.equals(algorithm)
                || keyType.startsWith(algorithm + "_")
                || ("RSA".equals(algorithm) && "RSASSA-PSS".equals(keyType));
    }
}
