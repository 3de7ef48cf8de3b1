package org.secureta.transport.internal;

import java.security.GeneralSecurityException;
import java.util.Optional;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.secureta.transport.TlsCredentials;

/** The unit's SSLContext: JDK JSSE normally, Bouncy Castle's JSSE when a key log is wanted. */
final class TlsContexts {

    private TlsContexts() {
    }

    static SSLContext create(TlsCredentials credentials, TlsEndpoint endpoint, Optional<KeyLog> keyLog)
            throws GeneralSecurityException {
        SSLContext context = keyLog.isPresent()
                ? SSLContext.getInstance("TLS", new BouncyCastleJsseProvider(false, new KeyLoggingCryptoProvider(keyLog.get())))
                : SSLContext.getInstance("TLS");
        KeyManager[] keys = credentials.keyManager() == null ? new KeyManager[0] : new KeyManager[] {credentials.keyManager()};
        TrustManager[] trust = {new ObservingTrustManager(credentials.trustManager(), endpoint)};
        context.init(keys, trust, new java.security.SecureRandom());
        return context;
    }
}
