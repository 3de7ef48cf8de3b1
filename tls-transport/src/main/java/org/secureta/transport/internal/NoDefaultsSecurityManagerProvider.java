package org.secureta.transport.internal;

import java.util.Properties;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

import gov.nist.core.net.SecurityManagerProvider;

/**
 * JAIN-SIP's security manager provider for a unit's stack: one that loads nothing. JAIN-SIP's
 * default ({@code DefaultSecurityManagerProvider}) reads the JVM's key store and the JDK's whole
 * {@code cacerts} (about 140 public roots parsed at every stack creation, a tenth of a unit's
 * start) for its NIO TLS processors, which a unit never uses: its TLS links and servers run on
 * the context {@link TlsContexts} builds from the unit's own certificate store (Host and Other,
 * guide 2.3). Should anything in JAIN-SIP still ask, it gets no key and no trust: a handshake
 * through it fails instead of trusting the public roots, which the unit never does.
 */
public final class NoDefaultsSecurityManagerProvider implements SecurityManagerProvider {

    @Override
    public void init(Properties properties) {
        // Nothing to load: see the class comment.
    }

    @Override
    public KeyManager[] getKeyManagers(boolean client) {
        return new KeyManager[0];
    }

    @Override
    public TrustManager[] getTrustManagers(boolean client) {
        return new TrustManager[0];
    }
}
