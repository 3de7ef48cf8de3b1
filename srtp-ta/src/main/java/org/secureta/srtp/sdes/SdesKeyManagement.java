package org.secureta.srtp.sdes;

import java.security.SecureRandom;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.KeyingNeeds;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.keymgmt.SrtpKeys;

/**
 * SDES key management (RFC 4568), Mipt.DefaultSecurityKeyManagement=Sdes: the master keys travel
 * inline in media-level {@code a=crypto} attributes, so it needs secure (TLS) signalling. Its
 * settings are its own ({@link SdesConfiguration}, PID {@value #PID}, optional).
 */
@Component(service = KeyManagement.class, configurationPid = SdesKeyManagement.PID,
        property = KeyManagement.NAME_PROPERTY + "=" + SdesKeyManagement.NAME)
@Designate(ocd = SdesConfiguration.class)
public final class SdesKeyManagement implements KeyManagement {

    public static final String NAME = "Sdes";
    public static final String PID = "org.secureta.srtp.sdes";
    public static final String KEY_LIFETIME_PROPERTY = "keyLifetime";

    /** RFC 4568 4: media-level a=crypto; 7.1.4: a re-offer may repeat the keys; 8.3: keys in clear, TLS only. */
    private static final KeyingNeeds NEEDS = new KeyingNeeds(KeyingNeeds.AttributeLevel.MEDIA, java.util.Set.of("crypto"), true, true);

    private final SecureRandom random;
    /** Lifetime, in packets, announced for the keys we send; the SRTP maximum when none is configured. */
    private final long keyLifetime;

    public SdesKeyManagement() {
        this(new SecureRandom(), SrtpKeys.MAX_LIFETIME);
    }

    /** The configuration's properties ({@value #KEY_LIFETIME_PROPERTY}), as ConfigAdmin gives them. */
    @Activate
    public SdesKeyManagement(Map<String, Object> properties) {
        this(new SecureRandom(), parseKeyLifetime(String.valueOf(properties.getOrDefault(KEY_LIFETIME_PROPERTY, ""))));
    }

    SdesKeyManagement(SecureRandom random) {
        this(random, SrtpKeys.MAX_LIFETIME);
    }

    SdesKeyManagement(SecureRandom random, long keyLifetime) {
        this.random = random;
        this.keyLifetime = keyLifetime;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public KeyingNeeds needs() {
        return NEEDS;
    }

    /** SDES keys are media-level {@code a=crypto} attributes (RFC 4568 4). */
    @Override
    public boolean isPresent(SdpKeying offer) {
        return offer.mediaAttributes().stream().flatMap(java.util.List::stream).anyMatch(a -> a.startsWith("crypto:"));
    }

    @Override
    public KeyingSession newSession(KeyingParameters parameters) {
        // Our configured lifetime; parameters built by hand (tests, tools) may carry one of their own.
        KeyingParameters ours = keyLifetime == SrtpKeys.MAX_LIFETIME ? parameters
                : parameters.withMethodSettings(parameters.preSharedKey(), keyLifetime);
        return new SdesKeyingSession(ours, random);
    }

    /**
     * {@code keyLifetime}: {@code 2^n} (n 1..48) or a decimal number of packets up to 2^48; empty
     * for none (RFC 4568 6.1 syntax; RFC 3711 9.2 maximum).
     */
    public static long parseKeyLifetime(String text) {
        String value = text.strip();
        if (value.isEmpty()) {
            return SrtpKeys.MAX_LIFETIME;
        }
        String allowed = "keyLifetime must be 2^n with n from 1 to 48, or a number of packets from 2 to 2^48 (281474976710656)";
        long packets;
        try {
            packets = value.startsWith("2^") ? 1L << checkedExponent(Integer.parseInt(value.substring(2))) : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(allowed + ", not '" + (value.length() > 30 ? value.substring(0, 30) + "..." : value) + "'");
        }
        // One packet would leave no room to re-key before the lifetime is reached.
        if (packets < 2 || packets > SrtpKeys.MAX_LIFETIME) {
            throw new IllegalArgumentException(allowed + ", not '" + value + "'");
        }
        return packets;
    }

    private static int checkedExponent(int n) {
        if (n < 1 || n > 48) {
            throw new NumberFormatException();
        }
        return n;
    }
}
