package org.secureta.transport.internal;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.secureta.transport.TlsCredentials;
import org.secureta.transport.pki.UnitTrustManager;

/** The unit's SSLContext: JDK JSSE normally, Bouncy Castle's JSSE when a key log is wanted. */
final class TlsContexts {

    private TlsContexts() {
    }

    /** Filled at the first TLS unit's start: the JDK's list does not change while the JVM runs. */
    private static volatile Set<String> supportedSuites;

    /**
     * The cipher suites this JVM's JSSE supports. Taken from a context that has no keys and
     * trusts nothing rather than from {@code SSLContext.getDefault()}, which would load the JVM's
     * key store and the JDK's cacerts (about 140 public roots) only to answer this. Empty arrays,
     * not null: for null trust managers the JDK loads cacerts too; for none it trusts no one.
     */
    static Set<String> supportedCipherSuites() throws GeneralSecurityException {
        Set<String> suites = supportedSuites;
        if (suites == null) {
            SSLContext probe = SSLContext.getInstance("TLS");
            probe.init(new KeyManager[0], new TrustManager[0], null);
            suites = Set.copyOf(Arrays.asList(probe.getSupportedSSLParameters().getCipherSuites()));
            supportedSuites = suites;
        }
        return suites;
    }

    /**
     * The unit's own trust manager (from the certificate service) is made to check dates against
     * {@code unitClock} and to expect the server the endpoint connected to; another trust manager
     * is used as given.
     */
    static SSLContext create(TlsCredentials credentials, TlsEndpoint endpoint, Optional<KeyLog> keyLog, Clock unitClock)
            throws GeneralSecurityException {
        SSLContext context = keyLog.isPresent()
                ? SSLContext.getInstance("TLS", new BouncyCastleJsseProvider(false, new KeyLoggingCryptoProvider(keyLog.get())))
                : SSLContext.getInstance("TLS");
        KeyManager[] keys = credentials.keyManager() == null ? new KeyManager[0] : new KeyManager[] {credentials.keyManager()};
        X509ExtendedTrustManager given = credentials.trustManager();
        if (given instanceof UnitTrustManager unit) {
            given = unit.forTransport(unitClock, endpoint::expectedServer);
        }
        TrustManager[] trust = {new ObservingTrustManager(given, endpoint)};
        context.init(keys, trust, new java.security.SecureRandom());
        return context;
    }
}
