package org.secureta.provisioning.web;

import static org.secureta.provisioning.web.PageLayout.json;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.secureta.provisioning.certs.CertificateChanges;
import org.secureta.provisioning.certs.CertificateEntry;
import org.secureta.provisioning.certs.CertificateRejectedException;
import org.secureta.provisioning.certs.CertificateUpload;
import org.secureta.provisioning.profile.Profile;
import org.secureta.provisioning.profile.ProfileError;
import org.secureta.provisioning.profile.ProfileException;
import org.secureta.provisioning.profile.ProfileParser;
import org.secureta.provisioning.profile.ProfileWriter;
import org.secureta.provisioning.profile.VariableAddress;
import org.secureta.provisioning.profile.VariableSpec;
import org.secureta.transport.UnitEvent;

/**
 * The JSON API under {@code /api/}: status, profile (read with secrets masked, change with profile
 * lines), restart, certificates (list, upload, delete), logout. Same session and CSRF rules as the pages.
 */
final class ManagementApi {

    private static final String CERTIFICATE_PATH = "/api/certificates/";

    private final UnitManagement unit;
    private final SessionCookie sessions;

    ManagementApi(UnitManagement unit, SessionCookie sessions) {
        this.unit = unit;
        this.sessions = sessions;
    }

    void handle(String path, HttpServletRequest req, HttpServletResponse resp, WebSession s) throws IOException, BadRequest {
        String method = req.getMethod();
        switch (path + " " + method) {
            case "/api/status GET" -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("restartRequired", List.copyOf(unit.pendingServices()));
                body.put("status", unit.status().stream().map(ManagementApi::eventJson).toList());
                body.put("recent", unit.recent(40).stream().map(ManagementApi::eventJson).toList());
                json(resp, 200, body);
            }
            case "/api/profile GET" -> json(resp, 200, profileJson(unit.configured()));
            case "/api/profile POST" -> {
                // The body is profile lines (Service.Variable=Value): changes, checked as a profile file.
                byte[] body = req.getInputStream().readNBytes(ManagementServlet.MAX_UPLOAD + 1);
                try {
                    Profile changes = new ProfileParser(unit.configured().schema()).parse(body, "api");
                    Map<String, String> values = new LinkedHashMap<>();
                    changes.values().forEach((a, v) -> values.put(a.toString(), v));
                    Profile changed = FormSubmission.withChanges(unit.configured(), values, Set.of(), "api");
                    Set<String> pending = unit.replace(changed, "api");
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("changed", values.size());
                    answer.put("restartRequired", List.copyOf(pending));
                    json(resp, 200, answer);
                } catch (ProfileException e) {
                    json(resp, 400, Map.of("errors", e.errors().stream().map(ProfileError::toString).toList()));
                }
            }
            case "/api/restart POST" -> json(resp, 200, Map.of("restarted", List.copyOf(unit.restartRequiredServices())));
            case "/api/certificates GET" -> json(resp, 200, unit.certificates().list().stream().map(ManagementApi::certificateJson).toList());
            case "/api/certificates POST" -> apiUpload(req, resp);
            case "/api/logout POST" -> {
                sessions.close(s, null);
                json(resp, 200, Map.of("loggedOut", true));
            }
            default -> {
                if (path.startsWith(CERTIFICATE_PATH) && method.equals("DELETE")) {
                    apiDelete(path.substring(CERTIFICATE_PATH.length()), resp);
                } else {
                    json(resp, 404, Map.of("error", "no API " + method + " " + path));
                }
            }
        }
    }

    /** {@code POST /api/certificates}: the page's upload form, same fields, same rules, JSON answer. */
    private void apiUpload(HttpServletRequest req, HttpServletResponse resp) throws IOException, BadRequest {
        CertificateUpload upload;
        try {
            upload = UploadedFiles.certificate(req);
        } catch (IllegalArgumentException e) {
            json(resp, 400, Map.of("error", e.getMessage()));
            return;
        } catch (ServletException | IllegalStateException e) {
            // Not multipart, or larger than the servlet accepts.
            json(resp, 400, Map.of("error", "send the certificate as multipart/form-data (fields category, file, key, p12password,"
                    + " usage, unsecured; at most " + ManagementServlet.MAX_UPLOAD + " bytes per file)"));
            return;
        }
        try {
            CertificateChanges changes = CertificatesPage.changes(unit);
            List<CertificateEntry> added = changes.upload(upload);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("added", added.stream().map(ManagementApi::certificateJson).toList());
            answer.put("message", CertificateChanges.uploadedMessage(upload.category(), added));
            answer.put("warnings", changes.warnings(added));
            json(resp, 201, answer);
        } catch (CertificateRejectedException e) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("error", e.getMessage());
            answer.put("reason", e.reason().name());
            answer.put("file", e.fileName());
            json(resp, 400, answer);
        }
    }

    /** {@code DELETE /api/certificates/ID}. */
    private void apiDelete(String id, HttpServletResponse resp) throws IOException {
        Optional<CertificateEntry> deleted = CertificatesPage.changes(unit).delete(id);
        if (deleted.isEmpty()) {
            json(resp, 404, Map.of("error", "no certificate with id " + id + " (GET /api/certificates lists them)"));
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("deleted", certificateJson(deleted.get()));
        answer.put("message", CertificateChanges.deletedMessage(deleted.get()));
        json(resp, 200, answer);
    }

    private static Map<String, Object> certificateJson(CertificateEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("category", e.category().name());
        m.put("issuedTo", e.issuedTo());
        m.put("issuedBy", e.issuedBy());
        m.put("validFrom", e.validFrom().toString());
        m.put("validTo", e.validTo().toString());
        m.put("usage", e.usage().stream().map(Enum::name).sorted().toList());
        return m;
    }

    private static Map<String, Object> eventJson(UnitEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.time().toString());
        m.put("kind", e.kind());
        m.put("attributes", e.attributes());
        return m;
    }

    /** Explicit values, secrets masked: the API never hands out a password. */
    private Map<String, Object> profileJson(Profile p) {
        Map<String, Object> values = new LinkedHashMap<>();
        p.values().forEach((VariableAddress a, String v) -> {
            boolean secret = p.schema().spec(a).map(VariableSpec::secret).orElse(false);
            values.put(a.toString(), secret && !v.isEmpty() ? ProfileWriter.MASK : v);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("values", values);
        body.put("restartRequired", List.copyOf(unit.pendingServices()));
        return body;
    }

}
