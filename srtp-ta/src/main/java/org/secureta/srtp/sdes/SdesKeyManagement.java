package org.secureta.srtp.sdes;

import java.security.SecureRandom;

import org.osgi.service.component.annotations.Component;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;

/**
 * SDES key management (RFC 4568), Mipt.DefaultSecurityKeyManagement=Sdes: the master keys travel
 * inline in media-level {@code a=crypto} attributes, so it needs secure (TLS) signalling.
 */
@Component(service = KeyManagement.class, property = KeyManagement.NAME_PROPERTY + "=" + SdesKeyManagement.NAME)
public final class SdesKeyManagement implements KeyManagement {

    public static final String NAME = "Sdes";

    private final SecureRandom random;

    public SdesKeyManagement() {
        this(new SecureRandom());
    }

    SdesKeyManagement(SecureRandom random) {
        this.random = random;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** SDES keys are media-level {@code a=crypto} attributes (RFC 4568 4). */
    @Override
    public boolean isPresent(SdpKeying offer) {
        return offer.mediaAttributes().stream().flatMap(java.util.List::stream).anyMatch(a -> a.startsWith("crypto:"));
    }

    @Override
    public KeyingSession newSession(KeyingParameters parameters) {
        return new SdesKeyingSession(parameters, random);
    }
}
