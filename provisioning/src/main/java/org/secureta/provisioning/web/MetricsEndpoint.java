package org.secureta.provisioning.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import org.secureta.provisioning.metrics.MetricsService;
import org.secureta.provisioning.metrics.PrometheusText;
import org.secureta.transport.UnitEvent;

/**
 * {@code GET /metrics}: the Prometheus text exposition (docs/metrics.md), for a scraper that
 * cannot log in through a form. It is behind the same credential and the same lock-out as the
 * pages: HTTP Basic (RFC 7617) with user {@value #USER} and the web admin password, over the
 * same HTTPS-only server; a browser already logged in may look at it with its session. Wrong
 * passwords count towards {@link LoginThrottle} like wrong logins, and each is an event.
 *
 * <p>Every answer but the exposition is plain text naming what was wrong: 405 for another method
 * than GET or HEAD, 414 for a query string over {@value #MAX_QUERY} characters (the exposition
 * takes no parameter; one is ignored), 401 without or with a wrong credential, 429 while the login
 * is locked, 404 while SecureTA.MetricsEnable is Disable.
 */
final class MetricsEndpoint {

    static final String PATH = "/metrics";
    static final String USER = "admin";
    static final int MAX_QUERY = 1024;
    static final String REALM = "Basic realm=\"SecureTA metrics\", charset=\"UTF-8\"";

    private final UnitManagement unit;
    private final AdminPassword password;
    private final LoginThrottle throttle;
    private final SessionCookie sessions;
    private volatile Supplier<Optional<MetricsService>> metrics = Optional::empty;
    /**
     * SHA-256 of the last Authorization value found right: a scraper sends the same one every
     * few seconds, and deriving the PBKDF2 hash (210,000 iterations) each time would cost a core
     * a fifth of a second per scrape. The servlet, and this with it, is replaced when the
     * password changes.
     */
    private volatile byte[] acceptedCredential;

    MetricsEndpoint(UnitManagement unit, AdminPassword password, LoginThrottle throttle, SessionCookie sessions) {
        this.unit = unit;
        this.password = password;
        this.throttle = throttle;
        this.sessions = sessions;
    }

    void serve(Supplier<Optional<MetricsService>> source) {
        this.metrics = source;
    }

    void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            resp.setHeader("Allow", "GET, HEAD");
            text(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, PATH + " answers GET and HEAD only, not " + method);
            return;
        }
        String query = req.getQueryString();
        if (query != null && query.length() > MAX_QUERY) {
            text(resp, 414, "the query string of " + PATH + " is " + query.length() + " characters long; at most " + MAX_QUERY
                    + " are accepted (the exposition takes no parameter)");
            return;
        }
        if (!authorised(req, resp)) {
            return;
        }
        Optional<String> exposition = metrics.get().flatMap(MetricsService::scrape);
        if (exposition.isEmpty()) {
            text(resp, HttpServletResponse.SC_NOT_FOUND, "metrics are off on this unit: set SecureTA.MetricsEnable=Enable");
            return;
        }
        byte[] body = exposition.get().getBytes(StandardCharsets.UTF_8);
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(PrometheusText.CONTENT_TYPE);
        resp.setContentLength(body.length);
        if (method.equals("GET")) {
            resp.getOutputStream().write(body);
        }
    }

    private boolean authorised(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String header = req.getHeader("Authorization");
        if (header == null) {
            if (sessions.find(req).isPresent()) {
                return true;
            }
            resp.setHeader("WWW-Authenticate", REALM);
            text(resp, HttpServletResponse.SC_UNAUTHORIZED, PATH + " needs HTTP Basic authentication as user " + USER
                    + " with the web admin password");
            return false;
        }
        byte[] digest = sha256(header);
        byte[] accepted = acceptedCredential;
        if (accepted != null && MessageDigest.isEqual(accepted, digest)) {
            return true;
        }
        Optional<String> candidate = basicPassword(header);
        LoginThrottle.Outcome outcome = throttle.attempt(() -> candidate.isPresent() && password.matches(candidate.get()));
        if (outcome == LoginThrottle.Outcome.ACCEPTED) {
            acceptedCredential = digest;
            return true;
        }
        if (outcome == LoginThrottle.Outcome.LOCKED) {
            resp.setHeader("Retry-After", Long.toString(LoginThrottle.LOCK_TIME.toSeconds()));
            text(resp, 429, "too many wrong passwords: login is locked until " + throttle.lockedUntil());
            return false;
        }
        unit.post(UnitEvent.of(UnitEvent.ERROR, "source", "web", "state", "Warning", "message",
                "wrong password for user " + USER + " on " + PATH, "remote", String.valueOf(req.getRemoteAddr())));
        resp.setHeader("WWW-Authenticate", REALM);
        text(resp, HttpServletResponse.SC_UNAUTHORIZED, candidate.isEmpty()
                ? "the Authorization header is not HTTP Basic for user " + USER
                : "wrong user or password for " + PATH);
        return false;
    }

    /** The password of a {@code Basic} credential for user {@value #USER} (RFC 7617 2), if it is one. */
    static Optional<String> basicPassword(String header) {
        if (header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals(USER)) {
            return Optional.empty();
        }
        return Optional.of(decoded.substring(colon + 1));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static void text(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.getWriter().write(status + " " + message + "\n");
    }
}
