package org.secureta.provisioning.internal;

import java.time.Clock;
import java.util.function.Supplier;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.secureta.provisioning.certs.CertificateStore;
import org.secureta.provisioning.certs.HostUsage;
import org.secureta.transport.CertificateValidation;
import org.secureta.transport.TlsCredentials;
import org.secureta.transport.pki.CertificateChecker;
import org.secureta.transport.pki.ExpectedServer;
import org.secureta.transport.pki.UnitTrustManager;

/**
 * The unit's certificates as the transport sees them: the "Other" certificates as trust anchors
 * checked at the profile's validation level, with the CRLs of certs/crl, the "Host" certificate as key material. Read at
 * each call, so a transport restarted after an upload (restart required services) uses the new
 * store.
 */
final class StoreTlsCredentials implements TlsCredentials {

    private final CertificateStore store;
    private final Supplier<CertificateValidation> level;
    private final Clock clock;

    StoreTlsCredentials(CertificateStore store, Supplier<CertificateValidation> level, Clock clock) {
        this.store = store;
        this.level = level;
        this.clock = clock;
    }

    @Override
    public X509ExtendedTrustManager trustManager() {
        // The transport attaches the expected server to each TLS socket (SocketServerIdentity); the
        // peer host is only the fallback for a socket created without one.
        return new UnitTrustManager(new CertificateChecker(level.get(), store.trustAnchors(), store.crls(), clock), ExpectedServer.peerHost());
    }

    @Override
    public X509ExtendedKeyManager keyManager() {
        return store.keyManager(HostUsage.TlsServer).or(() -> store.keyManager(HostUsage.TlsClient)).orElse(null);
    }
}
