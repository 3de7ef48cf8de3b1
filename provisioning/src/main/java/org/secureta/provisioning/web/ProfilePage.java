package org.secureta.provisioning.web;

import static org.secureta.provisioning.web.Html.escape;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.secureta.provisioning.profile.Profile;
import org.secureta.provisioning.profile.ProfileError;
import org.secureta.provisioning.profile.ProfileException;
import org.secureta.provisioning.profile.ProfileParser;
import org.secureta.provisioning.profile.ProfileWriter;

/** Management > Profile: the configured values, export, and import (checked first: a file with any error changes nothing). */
final class ProfilePage {

    private final UnitManagement unit;
    private final PageLayout layout;

    ProfilePage(UnitManagement unit, PageLayout layout) {
        this.unit = unit;
        this.layout = layout;
    }

    void show(HttpServletResponse resp, WebSession s, List<ProfileError> errors) throws IOException {
        String body = PageLayout.errorList(errors)
                + "<p><a href=\"/management/profile/export\" id=\"export\" download=\"running.profile\">Export the profile</a>"
                + " (a file in the profile format, passwords included: keep it safe)</p>\n"
                + "<form method=\"post\" action=\"/management/profile/import\" enctype=\"multipart/form-data\" id=\"import\">"
                + SchemaForm.csrfField(s.csrfToken)
                + "<p><label>Profile file <input type=\"file\" name=\"profile\" id=\"profile-file\"></label>"
                + " <button type=\"submit\" id=\"import-button\">Import</button></p>"
                + "<p class=\"desc\">The file replaces the whole configuration; it is checked first, and a file with any error changes nothing.</p></form>\n"
                + "<h3>Configured values</h3><pre id=\"profile\">" + escape(ProfileWriter.display(unit.configured())) + "</pre>";
        layout.html(resp, errors.isEmpty() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_BAD_REQUEST, "Management > Profile", body, s);
    }

    void export(HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=utf-8");
        resp.setHeader("Content-Disposition", "attachment; filename=\"running.profile\"");
        resp.getOutputStream().write(ProfileWriter.export(unit.configured(), false).getBytes(StandardCharsets.UTF_8));
    }

    void importFile(HttpServletRequest req, HttpServletResponse resp, WebSession s) throws IOException, ServletException {
        Part part = req.getPart("profile");
        if (part == null || part.getSize() == 0) {
            show(resp, s, List.of(new ProfileError(ManagementServlet.WEB, 0, "", "choose a profile file to import", "")));
            return;
        }
        String name = UploadedFiles.fileName(part);
        try {
            Profile profile = new ProfileParser(unit.configured().schema()).parse(UploadedFiles.bytes(part), name);
            Set<String> pending = unit.replace(profile, name);
            s.flash("Imported " + name + (pending.isEmpty() ? "; applied." : "; restart required for " + String.join(", ", pending) + "."), false);
            resp.sendRedirect("/management/profile");
        } catch (ProfileException e) {
            show(resp, s, e.errors());
        }
    }
}
