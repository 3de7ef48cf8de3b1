package org.secureta.provisioning.web;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every answer carries: never cached (pages hold configuration and CSRF tokens),
 * never framed (clickjacking), no MIME sniffing, no referrer, a Content-Security-Policy that allows
 * only the unit's own style sheet and forms, and HSTS (RFC 6797) since the pages are HTTPS only.
 */
final class SecurityHeaders {

    private SecurityHeaders() {
    }

    static void apply(HttpServletResponse resp) {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'");
        resp.setHeader("Strict-Transport-Security", "max-age=31536000");
    }
}
