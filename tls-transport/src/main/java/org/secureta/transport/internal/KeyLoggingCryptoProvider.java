package org.secureta.transport.internal;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.AbstractTlsSecret;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JceTlsSecret;

/**
 * Bouncy Castle's JSSE provider with a crypto back end that writes each connection's secrets
 * to a {@link KeyLog} at the moment the record layer's keys are built from them: the master
 * secret for TLS 1.2 and below, the handshake and application traffic secrets for TLS 1.3
 * (RFC 8446 section 7.1). The JDK's own provider has no such hook.
 */
final class KeyLoggingCryptoProvider extends JcaTlsCryptoProvider {

    private final KeyLog log;

    KeyLoggingCryptoProvider(KeyLog log) {
        this.log = log;
        // With the JDK's JCA providers alone BC finds no RSA-PSS, which TLS 1.3 needs for RSA certificates.
        setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    }

    /** BC would look up its own "DEFAULT" SecureRandom, which needs BC registered as a JCA provider. */
    @Override
    public JcaTlsCrypto create(SecureRandom keyRandom) {
        return create(keyRandom == null ? new SecureRandom() : keyRandom, new SecureRandom());
    }

    @Override
    public JcaTlsCrypto create(SecureRandom keyRandom, SecureRandom nonceRandom) {
        return new LoggingCrypto(getHelper(), getAltHelper(), keyRandom, nonceRandom, log);
    }

    private static final class LoggingCrypto extends JcaTlsCrypto {

        private final KeyLog log;
        /** TLS 1.3 builds its record keys twice per handshake: handshake phase, then application. */
        private final Map<SecurityParameters, Boolean> handshakePhaseLogged = Collections.synchronizedMap(new WeakHashMap<>());

        LoggingCrypto(JcaJceHelper helper, JcaJceHelper altHelper, SecureRandom keyRandom, SecureRandom nonceRandom, KeyLog log) {
            super(helper, altHelper, keyRandom, nonceRandom);
            this.log = log;
        }

        @Override
        public TlsCipher createCipher(TlsCryptoParameters parameters, int encryptionAlgorithm, int macAlgorithm) throws IOException {
            SecurityParameters security = parameters.getSecurityParametersHandshake();
            byte[] random = security.getClientRandom();
            if (security.getTrafficSecretClient() != null) {
                boolean applicationPhase = handshakePhaseLogged.putIfAbsent(security, Boolean.TRUE) != null;
                String prefix = applicationPhase ? "" : "_HANDSHAKE";
                String suffix = applicationPhase ? "_0" : "";
                log.write("CLIENT" + prefix + "_TRAFFIC_SECRET" + suffix, random, Secrets.bytes(security.getTrafficSecretClient()));
                log.write("SERVER" + prefix + "_TRAFFIC_SECRET" + suffix, random, Secrets.bytes(security.getTrafficSecretServer()));
            } else if (security.getMasterSecret() != null) {
                log.write("CLIENT_RANDOM", random, Secrets.bytes(security.getMasterSecret()));
            }
            return super.createCipher(parameters, encryptionAlgorithm, macAlgorithm);
        }
    }

    /** Reads a secret's bytes without destroying it (extract() would), through the class's own copy. */
    private static final class Secrets extends JceTlsSecret {

        private Secrets() {
            super(null, new byte[0]);
        }

        static byte[] bytes(TlsSecret secret) {
            if (!(secret instanceof AbstractTlsSecret)) {
                throw new IllegalStateException("TLS secret of unexpected type " + secret.getClass().getName());
            }
            return copyData((AbstractTlsSecret) secret);
        }
    }
}
