package org.secureta.provisioning.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions of the web pages and JSON API: random 256-bit identifiers, an idle timeout and an
 * absolute lifetime. An expired session is gone: the next request must log in again.
 */
final class SessionStore {

    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(15);
    static final Duration MAX_LIFETIME = Duration.ofHours(8);

    private final SecureRandom random = new SecureRandom();
    private final Map<String, WebSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idleTimeout;

    SessionStore(Clock clock, Duration idleTimeout) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    WebSession create() {
        expireOld();
        WebSession session = new WebSession(token(), token(), clock.instant());
        sessions.put(session.id, session);
        return session;
    }

    /** The live session with this id, touched; empty if unknown or expired. */
    Optional<WebSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        WebSession session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (now.isAfter(session.lastSeen.plus(idleTimeout)) || now.isAfter(session.created.plus(MAX_LIFETIME))) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.lastSeen = now;
        return Optional.of(session);
    }

    void remove(WebSession session) {
        sessions.remove(session.id);
    }

    /** Constant-time comparison, so the token cannot be guessed byte by byte from timings. */
    static boolean csrfMatches(WebSession session, String submitted) {
        return submitted != null && MessageDigest.isEqual(session.csrfToken.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                submitted.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private void expireOld() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> now.isAfter(s.lastSeen.plus(idleTimeout)) || now.isAfter(s.created.plus(MAX_LIFETIME)));
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
