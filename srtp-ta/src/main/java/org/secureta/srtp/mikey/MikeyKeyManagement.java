package org.secureta.srtp.mikey;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.KeyingNeeds;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;

/**
 * MIKEY with a pre-shared key (RFC 3830) carried in SDP (RFC 4567): the unit's
 * Mipt.DefaultSecurityKeyManagement=Mikey. One replay cache serves every call, so a message
 * replayed into another call is refused too.
 *
 * <p>Its settings are its own ({@link MikeyConfiguration}, PID {@value #PID}, optional):
 * {@value #CLOCK_SKEW_PROPERTY}, the allowed difference in seconds between a message's timestamp
 * and our clock, default 300, and {@value #PRE_SHARED_KEY_PROPERTY}, the pre-shared key in hex.
 */
@Component(
        service = KeyManagement.class,
        configurationPid = MikeyKeyManagement.PID,
        property = KeyManagement.NAME_PROPERTY + "=" + MikeyKeyManagement.NAME)
@Designate(ocd = MikeyConfiguration.class)
public final class MikeyKeyManagement implements KeyManagement {

    public static final String NAME = "Mikey";
    public static final String PID = "org.secureta.srtp.mikey";
    public static final String CLOCK_SKEW_PROPERTY = "mikey.clockSkewSeconds";
    /** Leading dot: private to the component, never a service property. */
    public static final String PRE_SHARED_KEY_PROPERTY = ".preSharedKey";

    private final SecureRandom random;
    private final ReplayCache replayCache;
    private final byte[] preSharedKey;

    /** The configuration's properties ({@value #CLOCK_SKEW_PROPERTY}, {@value #PRE_SHARED_KEY_PROPERTY}), as ConfigAdmin gives them. */
    @Activate
    public MikeyKeyManagement(Map<String, Object> properties) {
        this(Clock.systemUTC(), clockSkew(properties), new SecureRandom(), preSharedKey(properties));
    }

    MikeyKeyManagement(Clock clock, Duration clockSkew, SecureRandom random) {
        this(clock, clockSkew, random, new byte[0]);
    }

    MikeyKeyManagement(Clock clock, Duration clockSkew, SecureRandom random, byte[] preSharedKey) {
        this.random = random;
        this.replayCache = new ReplayCache(clock, clockSkew, ReplayCache.DEFAULT_CAPACITY);
        this.preSharedKey = preSharedKey.clone();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Session-level {@code a=key-mgmt} (RFC 4567 3.1); a repeated I_MESSAGE is a replay (RFC 3830
     * 5.4), so keys are never "kept" by re-sending it; without a pre-shared key the KEMAC is NULL
     * and the TGK travels readable in the SDP, so TLS is required (RFC 3830 5.2).
     */
    @Override
    public KeyingNeeds needs() {
        return new KeyingNeeds(KeyingNeeds.AttributeLevel.SESSION, java.util.Set.of("key-mgmt"), false, preSharedKey.length == 0);
    }

    /** True when the offer carries {@code key-mgmt:mikey} at session level or, for mismatch detection, at media level. */
    @Override
    public boolean isPresent(SdpKeying offer) {
        return offer.sessionAttributes().stream().anyMatch(KeyMgmtAttribute::isMikey)
                || offer.mediaAttributes().stream().flatMap(List::stream).anyMatch(KeyMgmtAttribute::isMikey);
    }

    @Override
    public KeyingSession newSession(KeyingParameters parameters) {
        // Our configured key; parameters built by hand (tests, tools) may carry one of their own.
        KeyingParameters ours = preSharedKey.length == 0 ? parameters : parameters.withMethodSettings(preSharedKey, parameters.keyLifetime());
        return new MikeyKeyingSession(ours, random, replayCache);
    }

    /** {@value #PRE_SHARED_KEY_PROPERTY}: hex, empty for none. Never echoes the value: it is a secret. */
    static byte[] preSharedKey(Map<String, Object> properties) {
        Object value = properties.get(PRE_SHARED_KEY_PROPERTY);
        String text = value == null ? "" : value.toString().strip();
        if (text.isEmpty()) {
            return new byte[0];
        }
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + " " + PRE_SHARED_KEY_PROPERTY + " must be an even number of hex digits ("
                    + text.length() + " characters given)");
        }
    }

    static Duration clockSkew(Map<String, Object> properties) {
        Object value = properties.get(CLOCK_SKEW_PROPERTY);
        if (value == null) {
            return ReplayCache.DEFAULT_CLOCK_SKEW;
        }
        long seconds;
        try {
            seconds = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CLOCK_SKEW_PROPERTY + " must be a whole number of seconds, not '" + value + "'");
        }
        if (seconds < 1 || seconds > 86_400) {
            throw new IllegalArgumentException(CLOCK_SKEW_PROPERTY + " must be 1 to 86400 seconds, not " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }
}
