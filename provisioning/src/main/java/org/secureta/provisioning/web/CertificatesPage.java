package org.secureta.provisioning.web;

import static org.secureta.provisioning.web.Html.escape;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.secureta.provisioning.certs.CertificateChanges;
import org.secureta.provisioning.certs.CertificateEntry;
import org.secureta.provisioning.certs.CertificateRejectedException;
import org.secureta.provisioning.certs.CertificateUpload;

/** Management > Certificates (guide 1.3): the installed certificates, upload (Other or Host) and delete. */
final class CertificatesPage {

    private final UnitManagement unit;
    private final PageLayout layout;

    CertificatesPage(UnitManagement unit, PageLayout layout) {
        this.unit = unit;
        this.layout = layout;
    }

    /**
     * @param refusal    why an upload was refused, null if none
     * @param hostChosen after a refused Host upload, the form stays on Host
     */
    void show(HttpServletResponse resp, WebSession s, String refusal, boolean hostChosen) throws IOException {
        StringBuilder b = new StringBuilder();
        if (refusal != null) {
            b.append("<p class=\"error\" id=\"message\">").append(escape(refusal)).append("</p>\n");
        }
        b.append("<h3>Installed certificates</h3>\n<table class=\"rows\" id=\"certificates\"><tr><th>Category</th><th>Issued to</th>"
                + "<th>Issued by</th><th>Valid from</th><th>Valid to</th><th>Usage</th><th></th></tr>\n");
        for (CertificateEntry e : unit.certificates().list()) {
            b.append("<tr><td>").append(e.category()).append("</td><td>").append(escape(e.issuedTo())).append("</td><td>")
                    .append(escape(e.issuedBy())).append("</td><td>").append(e.validFrom()).append("</td><td>").append(e.validTo())
                    .append("</td><td>").append(escape(e.usage().stream().map(Enum::name).sorted().reduce((x, y) -> x + "," + y).orElse("")))
                    .append("</td><td><form method=\"post\" action=\"/management/certificates/delete\">").append(SchemaForm.csrfField(s.csrfToken))
                    .append("<input type=\"hidden\" name=\"id\" value=\"").append(escape(e.id())).append("\">")
                    .append("<button type=\"submit\">Delete</button></form></td></tr>\n");
        }
        b.append("</table>\n");
        b.append("<h3>Upload</h3>\n<form method=\"post\" action=\"/management/certificates/upload\" enctype=\"multipart/form-data\" id=\"upload\">")
                .append(SchemaForm.csrfField(s.csrfToken))
                .append("<p><label><input type=\"radio\" name=\"category\" value=\"Other\" id=\"category-other\"").append(hostChosen ? "" : " checked").append("> Other (trusted CA, PEM or DER)</label>")
                .append(" <label><input type=\"radio\" name=\"category\" value=\"Host\" id=\"category-host\"").append(hostChosen ? " checked" : "").append("> Host (the unit's own, with its private key)</label></p>")
                .append("<p><label>Certificate file <input type=\"file\" name=\"file\" id=\"file\"></label></p>")
                .append("<p><label>Private key file (Host, if separate) <input type=\"file\" name=\"key\" id=\"key\"></label></p>")
                .append("<p><label>PKCS#12 password <input type=\"password\" name=\"p12password\" autocomplete=\"off\"></label></p>")
                .append("<p>Usage (Host): <label><input type=\"checkbox\" name=\"usage\" value=\"TlsClient\" checked> TlsClient</label>")
                .append(" <label><input type=\"checkbox\" name=\"usage\" value=\"TlsServer\" checked> TlsServer</label></p>")
                .append("<p><label><input type=\"checkbox\" name=\"unsecured\" value=\"on\" id=\"unsecured\"> Activate unsecured certificate transfer</label>")
                .append(" <small>(a Host certificate travels with its private key)</small></p>")
                .append("<p><button type=\"submit\" id=\"upload-button\">Upload</button></p></form>\n");
        layout.html(resp, refusal == null ? HttpServletResponse.SC_OK : HttpServletResponse.SC_BAD_REQUEST, "Management > Certificates", b.toString(), s);
    }

    void upload(HttpServletRequest req, HttpServletResponse resp, WebSession s) throws IOException, ServletException, BadRequest {
        boolean host = "Host".equals(req.getParameter("category"));
        try {
            CertificateUpload upload = UploadedFiles.certificate(req);
            CertificateChanges changes = changes(unit);
            List<CertificateEntry> added = changes.upload(upload);
            List<String> warnings = changes.warnings(added);
            s.flash(CertificateChanges.uploadedMessage(upload.category(), added)
                    + (warnings.isEmpty() ? "" : " Warning: " + String.join("; ", warnings) + "."), !warnings.isEmpty());
            resp.sendRedirect("/management/certificates");
        } catch (IllegalArgumentException | CertificateRejectedException e) {
            show(resp, s, e.getMessage(), host);
        }
    }

    void delete(HttpServletRequest req, HttpServletResponse resp, WebSession s) throws IOException {
        String id = req.getParameter("id");
        Optional<CertificateEntry> deleted = id == null ? Optional.empty() : changes(unit).delete(id);
        s.flash(deleted.map(CertificateChanges::deletedMessage).orElse("No such certificate."), deleted.isEmpty());
        resp.sendRedirect("/management/certificates");
    }

    static CertificateChanges changes(UnitManagement unit) {
        return new CertificateChanges(unit.certificates(), unit::post);
    }
}
