package org.secureta.provisioning.web;

import static org.secureta.provisioning.web.Html.escape;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.secureta.transport.UnitEvent;

/** Log in (the page and {@code POST /api/login}) and log out; a wrong password is an event for the operator. */
final class LoginPage {

    private final UnitManagement unit;
    private final AdminPassword password;
    private final LoginThrottle throttle;
    private final SessionCookie sessions;
    private final PageLayout layout;

    LoginPage(UnitManagement unit, AdminPassword password, LoginThrottle throttle, SessionCookie sessions, PageLayout layout) {
        this.unit = unit;
        this.password = password;
        this.throttle = throttle;
        this.sessions = sessions;
        this.layout = layout;
    }

    void login(HttpServletRequest req, HttpServletResponse resp, boolean api) throws IOException {
        LoginThrottle.Outcome outcome = throttle.attempt(() -> password.matches(req.getParameter("password")));
        if (outcome == LoginThrottle.Outcome.LOCKED) {
            String message = "too many wrong passwords: login is locked until " + throttle.lockedUntil();
            if (api) {
                PageLayout.json(resp, 429, Map.of("error", message));
            } else {
                show(resp, message, 429);
            }
            return;
        }
        if (outcome == LoginThrottle.Outcome.WRONG) {
            unit.post(UnitEvent.of(UnitEvent.ERROR, "source", "web", "state", "Warning", "message", "wrong password for user admin",
                    "remote", String.valueOf(req.getRemoteAddr())));
            if (api) {
                PageLayout.json(resp, HttpServletResponse.SC_UNAUTHORIZED, Map.of("error", "wrong password"));
            } else {
                show(resp, "Wrong password.", HttpServletResponse.SC_UNAUTHORIZED);
            }
            return;
        }
        WebSession session = sessions.open(resp);
        if (api) {
            PageLayout.json(resp, HttpServletResponse.SC_OK, Map.of("csrfToken", session.csrfToken));
        } else {
            resp.sendRedirect("/status");
        }
    }

    void logout(HttpServletResponse resp, WebSession s) throws IOException {
        sessions.close(s, resp);
        resp.sendRedirect("/login");
    }

    /** @param message above the form, or null */
    void show(HttpServletResponse resp, String message, int status) throws IOException {
        String body = (message == null ? "" : "<p class=\"error\" id=\"message\">" + escape(message) + "</p>")
                + "<form method=\"post\" action=\"/login\" id=\"login\">"
                + "<p><label>User <input type=\"text\" name=\"user\" value=\"admin\" readonly></label></p>"
                + "<p><label>Password <input type=\"password\" name=\"password\" id=\"password\" autocomplete=\"current-password\" autofocus></label></p>"
                + "<p><button type=\"submit\" id=\"login-button\">Log in</button></p></form>";
        layout.html(resp, status, "Log in", body, null);
    }
}
