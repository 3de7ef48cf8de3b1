package org.secureta.provisioning.web;

import static org.secureta.provisioning.web.Html.escape;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.secureta.provisioning.profile.ProfileError;

/**
 * The settings pages ({@link SettingsPage}: SIP, Telephony, Network): the form of a page's
 * variables, saving it (checked as a whole: a form with any error changes nothing), and the
 * "Restart required services" button that applies what waits for a restart.
 */
final class SettingsPages {

    private final UnitManagement unit;
    private final PageLayout layout;

    SettingsPages(UnitManagement unit, PageLayout layout) {
        this.unit = unit;
        this.layout = layout;
    }

    /** @param shown the value a field shows (the refused submission's), null for the configured one */
    void show(HttpServletResponse resp, WebSession s, SettingsPage page, Function<String, String> shown,
              List<ProfileError> errors, int status) throws IOException {
        StringBuilder body = new StringBuilder();
        body.append("<p class=\"intro\">").append(escape(page.intro())).append("</p>\n");
        body.append(PageLayout.errorList(errors));
        body.append(SchemaForm.render(page, unit.configured(), shown, errors, s.csrfToken));
        layout.html(resp, status, page.menu() + " > " + page.title(), body.toString(), s);
    }

    void save(HttpServletRequest req, HttpServletResponse resp, WebSession s, SettingsPage page) throws IOException {
        FormSubmission.Outcome outcome = FormSubmission.apply(unit.configured(), page, req::getParameter, ManagementServlet.WEB);
        if (outcome.profile().isEmpty()) {
            show(resp, s, page, req::getParameter, outcome.errors(), HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        if (outcome.changed().isEmpty()) {
            s.flash("Nothing changed.", false);
        } else {
            Set<String> pending = unit.replace(outcome.profile().get(), ManagementServlet.WEB);
            s.flash("Saved " + outcome.changed().size() + " change(s)" + (pending.isEmpty() ? "; applied."
                    : "; restart required for " + String.join(", ", pending) + "."), false);
        }
        resp.sendRedirect("/" + page.path());
    }

    void restart(HttpServletRequest req, HttpServletResponse resp, WebSession s) throws IOException {
        Set<String> restarted = unit.restartRequiredServices();
        s.flash(restarted.isEmpty() ? "Services restarted; no configuration change was waiting." : "Restarted " + String.join(", ", restarted) + ".", false);
        String back = req.getParameter("back");
        // Only a path of ours: never a redirect elsewhere.
        resp.sendRedirect(back != null && back.matches("/[a-z/]*") ? back : "/status");
    }
}
