package org.secureta.provisioning.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;

/**
 * Sessions as the browser holds them, and their CSRF check: a cookie that is Secure, HttpOnly,
 * SameSite=Strict and {@code __Host-} prefixed (RFC 6265bis section 4.1.3.2: host-only, path /,
 * never set over plain HTTP), and a CSRF token every state-changing request must carry (form
 * field {@code csrf} or header {@value #CSRF_HEADER}).
 */
final class SessionCookie {

    static final String COOKIE = "__Host-ta-session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String ATTRIBUTES = "; Path=/; Secure; HttpOnly; SameSite=Strict";

    private final SessionStore sessions;

    SessionCookie(SessionStore sessions) {
        this.sessions = sessions;
    }

    /** The live session the request's cookie names, if any. */
    Optional<WebSession> find(HttpServletRequest req) {
        return sessions.find(cookie(req));
    }

    /** A new session, its cookie set on the answer. */
    WebSession open(HttpServletResponse resp) {
        WebSession session = sessions.create();
        resp.addHeader("Set-Cookie", COOKIE + "=" + session.id + ATTRIBUTES);
        return session;
    }

    /** Ends the session; with {@code resp}, the browser's cookie is cleared too. */
    void close(WebSession session, HttpServletResponse resp) {
        sessions.remove(session);
        if (resp != null) {
            resp.addHeader("Set-Cookie", COOKIE + "=" + ATTRIBUTES + "; Max-Age=0");
        }
    }

    /** Whether a state-changing request carries the session's CSRF token (read after the body is parsed). */
    static boolean csrfMatches(HttpServletRequest req, WebSession session) {
        String token = req.getHeader(CSRF_HEADER) != null ? req.getHeader(CSRF_HEADER) : req.getParameter("csrf");
        return SessionStore.csrfMatches(session, token);
    }

    private static String cookie(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }
}
