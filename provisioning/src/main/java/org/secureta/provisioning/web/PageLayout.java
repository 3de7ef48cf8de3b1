package org.secureta.provisioning.web;

import static org.secureta.provisioning.web.Html.escape;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.secureta.provisioning.profile.ProfileError;

/**
 * What every page shares: the header with the log-out button, the menu mirroring the guide's
 * (Status, Management, SIP, Telephony, Network), the one-time message, the "restart required"
 * form, and the style sheet; and the JSON answer of the API.
 */
final class PageLayout {

    private final UnitManagement unit;

    PageLayout(UnitManagement unit) {
        this.unit = unit;
    }

    /** @param s the session, null on pages shown before login (no menu, no log-out) */
    void html(HttpServletResponse resp, int status, String title, String body, WebSession s) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/html;charset=utf-8");
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append(" - SecureTA</title><link rel=\"stylesheet\" href=\"/static/ta.css\"></head><body>\n");
        h.append("<header><span class=\"brand\">SecureTA</span> <span class=\"model\">TA7102 emulator, DGW 2.0</span>");
        if (s != null) {
            h.append("<form method=\"post\" action=\"/logout\" class=\"logout\">").append(SchemaForm.csrfField(s.csrfToken))
                    .append("<button type=\"submit\" id=\"logout\">Log out admin</button></form>");
        }
        h.append("</header>\n");
        if (s != null) {
            h.append(menu());
        }
        h.append("<main><h2 id=\"title\">").append(escape(title)).append("</h2>\n");
        if (s != null) {
            String[] flash = s.takeFlash();
            if (flash != null) {
                h.append("<p class=\"").append(flash[1]).append("\" id=\"message\">").append(escape(flash[0])).append("</p>\n");
            }
            Set<String> pending = unit.pendingServices();
            boolean certificateChange = flash != null && flash[0].contains("Restart required services");
            if (!pending.isEmpty() || certificateChange) {
                h.append("<form method=\"post\" action=\"/restart\" class=\"restart\" id=\"restart-form\">").append(SchemaForm.csrfField(s.csrfToken))
                        .append("<input type=\"hidden\" name=\"back\" value=\"/status\">")
                        .append(pending.isEmpty() ? "" : "Changes wait for a restart of " + escape(String.join(", ", pending)) + ". ")
                        .append("<button type=\"submit\" id=\"restart\">Restart required services</button></form>\n");
            }
        }
        h.append(body).append("</main></body></html>\n");
        resp.getOutputStream().write(h.toString().getBytes(StandardCharsets.UTF_8));
    }

    void notFound(HttpServletResponse resp, WebSession s) throws IOException {
        html(resp, HttpServletResponse.SC_NOT_FOUND, "Not found", "<p>No such page.</p>", s);
    }

    /** The list of a refused change's errors, above the form (empty when there are none). */
    static String errorList(List<ProfileError> errors) {
        if (errors.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("<div class=\"error\" id=\"errors\"><p>Nothing was saved:</p><ul>");
        for (ProfileError e : errors) {
            s.append("<li>").append(escape(e.toString())).append("</li>");
        }
        return s.append("</ul></div>\n").toString();
    }

    static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=utf-8");
        resp.getOutputStream().write(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    static void styleSheet(HttpServletResponse resp) throws IOException {
        try (InputStream in = PageLayout.class.getResourceAsStream("/web/ta.css")) {
            if (in == null) {
                resp.sendError(404);
                return;
            }
            resp.setContentType("text/css;charset=utf-8");
            resp.setHeader("Cache-Control", "max-age=3600");
            resp.getOutputStream().write(in.readAllBytes());
        }
    }

    private static String menu() {
        StringBuilder m = new StringBuilder("<nav><ul>");
        m.append("<li><a href=\"/status\">Status</a></li>");
        m.append("<li>Management<ul><li><a href=\"/management/certificates\">Certificates</a></li>")
                .append("<li><a href=\"/management/profile\">Profile</a></li>");
        appendPages(m, "Management");
        m.append("</ul></li>");
        for (String menu : List.of("SIP", "Telephony", "Network")) {
            m.append("<li>").append(menu).append("<ul>");
            appendPages(m, menu);
            m.append("</ul></li>");
        }
        return m.append("</ul></nav>\n").toString();
    }

    private static void appendPages(StringBuilder m, String menu) {
        for (SettingsPage p : SettingsPage.ALL) {
            if (p.menu().equals(menu)) {
                m.append("<li><a href=\"/").append(p.path()).append("\">").append(escape(p.title())).append("</a></li>");
            }
        }
    }
}
