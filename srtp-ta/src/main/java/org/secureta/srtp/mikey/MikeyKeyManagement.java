package org.secureta.srtp.mikey;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;

/**
 * MIKEY with a pre-shared key (RFC 3830) carried in SDP (RFC 4567): the unit's
 * Mipt.DefaultSecurityKeyManagement=Mikey. One replay cache serves every call, so a message
 * replayed into another call is refused too.
 *
 * <p>Configuration (PID {@value #PID}, optional): {@value #CLOCK_SKEW_PROPERTY}, the allowed
 * difference in seconds between a message's timestamp and our clock, default 300.
 */
@Component(
        service = KeyManagement.class,
        configurationPid = MikeyKeyManagement.PID,
        property = KeyManagement.NAME_PROPERTY + "=" + MikeyKeyManagement.NAME)
public final class MikeyKeyManagement implements KeyManagement {

    public static final String NAME = "Mikey";
    public static final String PID = "org.secureta.srtp.mikey";
    public static final String CLOCK_SKEW_PROPERTY = "mikey.clockSkewSeconds";

    private final SecureRandom random;
    private final ReplayCache replayCache;

    @Activate
    public MikeyKeyManagement(Map<String, Object> properties) {
        this(Clock.systemUTC(), clockSkew(properties), new SecureRandom());
    }

    MikeyKeyManagement(Clock clock, Duration clockSkew, SecureRandom random) {
        this.random = random;
        this.replayCache = new ReplayCache(clock, clockSkew, ReplayCache.DEFAULT_CAPACITY);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** True when the offer carries {@code key-mgmt:mikey} at session level or, for mismatch detection, at media level. */
    @Override
    public boolean isPresent(SdpKeying offer) {
        return offer.sessionAttributes().stream().anyMatch(KeyMgmtAttribute::isMikey)
                || offer.mediaAttributes().stream().flatMap(List::stream).anyMatch(KeyMgmtAttribute::isMikey);
    }

    @Override
    public KeyingSession newSession(KeyingParameters parameters) {
        return new MikeyKeyingSession(parameters, random, replayCache);
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
