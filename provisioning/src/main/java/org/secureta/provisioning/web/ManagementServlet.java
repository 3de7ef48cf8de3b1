package org.secureta.provisioning.web;

import static org.secureta.provisioning.web.Html.escape;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.secureta.provisioning.certs.CertificateCategory;
import org.secureta.provisioning.certs.CertificateChanges;
import org.secureta.provisioning.certs.CertificateEntry;
import org.secureta.provisioning.certs.CertificateRejectedException;
import org.secureta.provisioning.certs.CertificateUpload;
import org.secureta.provisioning.certs.HostUsage;
import org.secureta.provisioning.ladder.Ladder;
import org.secureta.provisioning.profile.Profile;
import org.secureta.provisioning.profile.ProfileError;
import org.secureta.provisioning.profile.ProfileException;
import org.secureta.provisioning.profile.ProfileParser;
import org.secureta.provisioning.profile.ProfileWriter;
import org.secureta.provisioning.profile.VariableAddress;
import org.secureta.provisioning.profile.VariableSpec;
import org.secureta.provisioning.syslog.UnitEventSyslog;
import org.secureta.transport.UnitEvent;

/**
 * The unit's web management: pages mirroring the guide's menus (Management > Certificates, SIP >
 * Gateways/Servers/Transport/Interop, Telephony > CODECs, Network > Host, Status), profile import
 * and export, and a JSON API, all behind one login.
 *
 * <p>Security: HTTPS only (the server is configured so); a session cookie that is Secure,
 * HttpOnly, SameSite=Strict and {@code __Host-} prefixed; an idle timeout and a maximum lifetime;
 * a CSRF token checked on every state-changing request (form field {@code csrf} or header
 * {@code X-CSRF-Token}); repeated wrong passwords lock the login for a while; pages are never
 * cached and never framed.
 */
public final class ManagementServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String COOKIE = "__Host-ta-session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final int MAX_UPLOAD = RequestBody.MAX_FILE;
    static final int MAX_FORM = RequestBody.MAX_FORM;
    static final int LOCK_AFTER_FAILURES = 5;
    static final Duration LOCK_TIME = Duration.ofSeconds(30);
    private static final String WEB = "web";

    private final transient UnitManagement unit;
    private final transient AdminPassword password;
    private final transient Clock clock;
    private final transient SessionStore sessions;
    private transient volatile Supplier<List<Ladder>> recentCalls = List::of;
    private int failures;
    private Instant lockedUntil = Instant.MIN;

    public ManagementServlet(UnitManagement unit, AdminPassword password, Clock clock, Duration idleTimeout) {
        this.unit = unit;
        this.password = password;
        this.clock = clock;
        this.sessions = new SessionStore(clock, idleTimeout);
    }

    public ManagementServlet(UnitManagement unit, AdminPassword password) {
        this(unit, password, Clock.systemUTC(), SessionStore.IDLE_TIMEOUT);
    }

    /** The Status page draws the ladders of these calls (the unit's message trace). */
    public void showLadders(Supplier<List<Ladder>> calls) {
        this.recentCalls = calls;
    }

    // ------------------------------------------------------------------ dispatch

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'");
        resp.setHeader("Strict-Transport-Security", "max-age=31536000");
        String path = pathOf(req);
        boolean api = path.startsWith("/api/");
        try {
            RequestBody.checkLength(req);
            dispatch(path, req, resp);
        } catch (BadRequest e) {
            refuse(resp, e.status(), e.getMessage(), api);
        } catch (RuntimeException | ServletException e) {
            /*
             * Whatever else went wrong is the unit's fault, not the client's: an event names it
             * for the operator, and the page says only that it failed. Never a stack trace in a
             * response: it tells an attacker the code, versions and paths.
             */
            unit.post(UnitEvent.of(UnitEvent.ERROR, "source", "web", "state", "Failed",
                    "message", req.getMethod() + " " + path + " failed: " + e));
            refuse(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                    "the unit could not handle this request; nothing was changed (the unit's events say why)", api);
        }
    }

    /** A refusal as the client reads it: JSON for the API, a page otherwise; the session is left alone. */
    private void refuse(HttpServletResponse resp, int status, String message, boolean api) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.resetBuffer();
        if (status == 413) {
            // The rest of the body is not read: the client must not reuse the connection.
            resp.setHeader("Connection", "close");
        }
        if (api) {
            json(resp, status, Map.of("error", message));
        } else {
            html(resp, status, status == 413 ? "Too large" : status >= 500 ? "Failed" : "Refused",
                    "<p class=\"error\" id=\"message\">" + escape(message) + "</p><p><a href=\"/status\">Back</a></p>", null);
        }
    }

    private void dispatch(String path, HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException, BadRequest {
        String method = req.getMethod();
        if (path.equals("/static/ta.css") && method.equals("GET")) {
            staticCss(resp);
            return;
        }
        if (path.equals("/login")) {
            if (method.equals("POST")) {
                RequestBody.read(req);
                login(req, resp, false);
            } else {
                loginPage(resp, null, HttpServletResponse.SC_OK);
            }
            return;
        }
        if (path.equals("/api/login") && method.equals("POST")) {
            RequestBody.read(req);
            login(req, resp, true);
            return;
        }
        boolean api = path.startsWith("/api/");
        Optional<WebSession> session = sessions.find(cookie(req));
        if (session.isEmpty()) {
            if (api) {
                json(resp, HttpServletResponse.SC_UNAUTHORIZED, Map.of("error", "not logged in, or the session expired: POST /api/login"));
            } else if (method.equals("GET")) {
                resp.sendRedirect("/login");
            } else {
                loginPage(resp, "Your session expired or you are not logged in: log in again (nothing was changed).",
                        HttpServletResponse.SC_UNAUTHORIZED);
            }
            return;
        }
        WebSession s = session.get();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            // Only a logged-in client gets its body parsed (a form, or the parts of an upload).
            RequestBody.read(req);
            String token = req.getHeader(CSRF_HEADER) != null ? req.getHeader(CSRF_HEADER) : req.getParameter("csrf");
            if (!SessionStore.csrfMatches(s, token)) {
                String message = "missing or wrong CSRF token: the request was refused and nothing was changed (reload the page)";
                if (api) {
                    json(resp, HttpServletResponse.SC_FORBIDDEN, Map.of("error", message));
                } else {
                    html(resp, HttpServletResponse.SC_FORBIDDEN, "Refused", "<p class=\"error\" id=\"message\">" + escape(message) + "</p>", s);
                }
                return;
            }
        }
        if (api) {
            api(path, req, resp, s);
            return;
        }
        route(path, method, req, resp, s);
    }

    private void route(String path, String method, HttpServletRequest req, HttpServletResponse resp, WebSession s)
            throws IOException, ServletException, BadRequest {
        boolean get = method.equals("GET");
        switch (path) {
            case "/", "" -> resp.sendRedirect("/status");
            case "/status" -> statusPage(resp, s);
            case "/logout" -> logout(resp, s);
            case "/restart" -> restart(req, resp, s);
            case "/management/certificates" -> {
                if (get) {
                    certificatesPage(resp, s, null, false);
                } else {
                    notFound(resp, s);
                }
            }
            case "/management/certificates/upload" -> uploadCertificate(req, resp, s);
            case "/management/certificates/delete" -> deleteCertificate(req, resp, s);
            case "/management/profile" -> profilePage(resp, s, List.of());
            case "/management/profile/export" -> exportProfile(resp);
            case "/management/profile/import" -> importProfile(req, resp, s);
            default -> {
                Optional<SettingsPage> page = SettingsPage.byPath(path.substring(1));
                if (page.isEmpty()) {
                    notFound(resp, s);
                } else if (get) {
                    settingsPage(resp, s, page.get(), name -> null, List.of(), HttpServletResponse.SC_OK);
                } else {
                    saveSettings(req, resp, s, page.get());
                }
            }
        }
    }

    // ------------------------------------------------------------------ login

    private void login(HttpServletRequest req, HttpServletResponse resp, boolean api) throws IOException {
        Instant now = clock.instant();
        boolean ok;
        synchronized (this) {
            if (now.isBefore(lockedUntil)) {
                String message = "too many wrong passwords: login is locked until " + lockedUntil;
                if (api) {
                    json(resp, 429, Map.of("error", message));
                } else {
                    loginPage(resp, message, 429);
                }
                return;
            }
            ok = password.matches(req.getParameter("password"));
            if (ok) {
                failures = 0;
            } else if (++failures >= LOCK_AFTER_FAILURES) {
                failures = 0;
                lockedUntil = now.plus(LOCK_TIME);
            }
        }
        if (!ok) {
            unit.post(UnitEvent.of(UnitEvent.ERROR, "source", "web", "state", "Warning", "message", "wrong password for user admin",
                    "remote", String.valueOf(req.getRemoteAddr())));
            if (api) {
                json(resp, HttpServletResponse.SC_UNAUTHORIZED, Map.of("error", "wrong password"));
            } else {
                loginPage(resp, "Wrong password.", HttpServletResponse.SC_UNAUTHORIZED);
            }
            return;
        }
        WebSession session = sessions.create();
        resp.addHeader("Set-Cookie", COOKIE + "=" + session.id + "; Path=/; Secure; HttpOnly; SameSite=Strict");
        if (api) {
            json(resp, HttpServletResponse.SC_OK, Map.of("csrfToken", session.csrfToken));
        } else {
            resp.sendRedirect("/status");
        }
    }

    private void logout(HttpServletResponse resp, WebSession s) throws IOException {
        sessions.remove(s);
        resp.addHeader("Set-Cookie", COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
        resp.sendRedirect("/login");
    }

    private void loginPage(HttpServletResponse resp, String message, int status) throws IOException {
        String body = (message == null ? "" : "<p class=\"error\" id=\"message\">" + escape(message) + "</p>")
                + "<form method=\"post\" action=\"/login\" id=\"login\">"
                + "<p><label>User <input type=\"text\" name=\"user\" value=\"admin\" readonly></label></p>"
                + "<p><label>Password <input type=\"password\" name=\"password\" id=\"password\" autocomplete=\"current-password\" autofocus></label></p>"
                + "<p><button type=\"submit\" id=\"login-button\">Log in</button></p></form>";
        html(resp, status, "Log in", body, null);
    }

    // ------------------------------------------------------------------ settings pages

    private void settingsPage(HttpServletResponse resp, WebSession s, SettingsPage page, java.util.function.Function<String, String> shown,
                              List<ProfileError> errors, int status) throws IOException {
        StringBuilder body = new StringBuilder();
        body.append("<p class=\"intro\">").append(escape(page.intro())).append("</p>\n");
        body.append(errorList(errors));
        body.append(SchemaForm.render(page, unit.configured(), shown, errors, s.csrfToken));
        html(resp, status, page.menu() + " > " + page.title(), body.toString(), s);
    }

    private void saveSettings(HttpServletRequest req, HttpServletResponse resp, WebSession s, SettingsPage page) throws IOException {
        FormSubmission.Outcome outcome = FormSubmission.apply(unit.configured(), page, req::getParameter, WEB);
        if (outcome.profile().isEmpty()) {
            settingsPage(resp, s, page, req::getParameter, outcome.errors(), HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        if (outcome.changed().isEmpty()) {
            s.flash("Nothing changed.", false);
        } else {
            Set<String> pending = unit.replace(outcome.profile().get(), WEB);
            s.flash("Saved " + outcome.changed().size() + " change(s)" + (pending.isEmpty() ? "; applied."
                    : "; restart required for " + String.join(", ", pending) + "."), false);
        }
        resp.sendRedirect("/" + page.path());
    }

    private static String errorList(List<ProfileError> errors) {
        if (errors.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("<div class=\"error\" id=\"errors\"><p>Nothing was saved:</p><ul>");
        for (ProfileError e : errors) {
            s.append("<li>").append(escape(e.toString())).append("</li>");
        }
        return s.append("</ul></div>\n").toString();
    }

    private void restart(HttpServletRequest req, HttpServletResponse resp, WebSession s) throws IOException {
        Set<String> restarted = unit.restartRequiredServices();
        s.flash(restarted.isEmpty() ? "Services restarted; no configuration change was waiting." : "Restarted " + String.join(", ", restarted) + ".", false);
        String back = req.getParameter("back");
        resp.sendRedirect(back != null && back.matches("/[a-z/]*") ? back : "/status");
    }

    // ------------------------------------------------------------------ certificates

    /** @param hostChosen after a refused Host upload, the form stays on Host */
    private void certificatesPage(HttpServletResponse resp, WebSession s, String refusal, boolean hostChosen) throws IOException {
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
        html(resp, refusal == null ? HttpServletResponse.SC_OK : HttpServletResponse.SC_BAD_REQUEST, "Management > Certificates", b.toString(), s);
    }

    private void uploadCertificate(HttpServletRequest req, HttpServletResponse resp, WebSession s)
            throws IOException, ServletException, BadRequest {
        boolean host = "Host".equals(req.getParameter("category"));
        try {
            CertificateUpload upload = uploadFrom(req);
            CertificateChanges changes = changes();
            List<CertificateEntry> added = changes.upload(upload);
            List<String> warnings = changes.warnings(added);
            s.flash(CertificateChanges.uploadedMessage(upload.category(), added)
                    + (warnings.isEmpty() ? "" : " Warning: " + String.join("; ", warnings) + "."), !warnings.isEmpty());
            resp.sendRedirect("/management/certificates");
        } catch (IllegalArgumentException e) {
            certificatesPage(resp, s, e.getMessage(), host);
        } catch (CertificateRejectedException e) {
            certificatesPage(resp, s, e.getMessage(), host);
        }
    }

    private void deleteCertificate(HttpServletRequest req, HttpServletResponse resp, WebSession s) throws IOException {
        String id = req.getParameter("id");
        Optional<CertificateEntry> deleted = id == null ? Optional.empty() : changes().delete(id);
        s.flash(deleted.map(CertificateChanges::deletedMessage).orElse("No such certificate."), deleted.isEmpty());
        resp.sendRedirect("/management/certificates");
    }

    private CertificateChanges changes() {
        return new CertificateChanges(unit.certificates(), unit::post);
    }

    /**
     * The upload form's fields, from the page or the API (multipart/form-data, the same names):
     * {@code category} (Other, Host), {@code file}, and for Host {@code key} (a separate key
     * file), {@code p12password}, {@code usage} (TlsClient, TlsServer; repeated or comma
     * separated) and {@code unsecured} (the "Activate unsecured certificate transfer" box).
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    private static CertificateUpload uploadFrom(HttpServletRequest req) throws IOException, ServletException, BadRequest {
        CertificateCategory category = CertificateUpload.category(req.getParameter("category"));
        Part file = req.getPart("file");
        if (file == null || file.getSize() == 0) {
            throw new IllegalArgumentException("Choose a certificate file to upload.");
        }
        requireSize(file);
        if (category == CertificateCategory.Other) {
            return CertificateUpload.other(fileName(file), bytes(file));
        }
        Set<HostUsage> usage = CertificateUpload.usage(req.getParameterValues("usage"));
        Part key = req.getPart("key");
        boolean separateKey = key != null && key.getSize() > 0;
        if (separateKey) {
            requireSize(key);
        }
        String p12 = req.getParameter("p12password");
        return new CertificateUpload(category, fileName(file), bytes(file), separateKey ? fileName(key) : null,
                separateKey ? bytes(key) : null, p12 == null || p12.isEmpty() ? null : p12.toCharArray(), usage,
                req.getParameter("unsecured") != null && !"false".equals(req.getParameter("unsecured")));
    }

    private static void requireSize(Part part) throws BadRequest {
        if (part.getSize() > MAX_UPLOAD) {
            throw RequestBody.fileTooLarge();
        }
    }

    private static byte[] bytes(Part part) throws IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readNBytes(MAX_UPLOAD + 1);
        }
    }

    private static String fileName(Part part) {
        String name = part.getSubmittedFileName();
        if (name == null || name.isBlank()) {
            return "upload";
        }
        // Browsers may send a path; only the base name means anything here.
        return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    }

    // ------------------------------------------------------------------ profile import / export

    private void profilePage(HttpServletResponse resp, WebSession s, List<ProfileError> errors) throws IOException {
        String body = errorList(errors)
                + "<p><a href=\"/management/profile/export\" id=\"export\" download=\"running.profile\">Export the profile</a>"
                + " (a file in the profile format, passwords included: keep it safe)</p>\n"
                + "<form method=\"post\" action=\"/management/profile/import\" enctype=\"multipart/form-data\" id=\"import\">"
                + SchemaForm.csrfField(s.csrfToken)
                + "<p><label>Profile file <input type=\"file\" name=\"profile\" id=\"profile-file\"></label>"
                + " <button type=\"submit\" id=\"import-button\">Import</button></p>"
                + "<p class=\"desc\">The file replaces the whole configuration; it is checked first, and a file with any error changes nothing.</p></form>\n"
                + "<h3>Configured values</h3><pre id=\"profile\">" + escape(ProfileWriter.display(unit.configured())) + "</pre>";
        html(resp, errors.isEmpty() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_BAD_REQUEST, "Management > Profile", body, s);
    }

    private void exportProfile(HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=utf-8");
        resp.setHeader("Content-Disposition", "attachment; filename=\"running.profile\"");
        resp.getOutputStream().write(ProfileWriter.export(unit.configured(), false).getBytes(StandardCharsets.UTF_8));
    }

    private void importProfile(HttpServletRequest req, HttpServletResponse resp, WebSession s) throws IOException, ServletException {
        Part part = req.getPart("profile");
        if (part == null || part.getSize() == 0) {
            profilePage(resp, s, List.of(new ProfileError(WEB, 0, "", "choose a profile file to import", "")));
            return;
        }
        try {
            Profile profile = new ProfileParser(unit.configured().schema()).parse(bytes(part), fileName(part));
            Set<String> pending = unit.replace(profile, fileName(part));
            s.flash("Imported " + fileName(part) + (pending.isEmpty() ? "; applied." : "; restart required for " + String.join(", ", pending) + "."), false);
            resp.sendRedirect("/management/profile");
        } catch (ProfileException e) {
            profilePage(resp, s, e.errors());
        }
    }

    // ------------------------------------------------------------------ status

    private void statusPage(HttpServletResponse resp, WebSession s) throws IOException {
        List<UnitEvent> status = unit.status();
        StringBuilder b = new StringBuilder();
        section(b, "Clock", "clock", status, "CLOCK", List.of("state", "offset", "server", "reason"));
        section(b, "Registrations", "registrations", status, UnitEvent.REGISTRATION, List.of("line", "state", "user", "gateway", "reason"));
        // Column heading = event field, or heading=field where the event's name is not the reader's.
        section(b, "TLS links", "tls-links", status, UnitEvent.TLS_LINK,
                List.of("gateway", "state", "local=localPort", "remote=remoteAddress|remoteHost", "reason", "TLS version=tlsVersion", "suite"));
        section(b, "Calls", "calls", status, UnitEvent.CALL,
                List.of("call", "peer", "state", "secure", "keyManagement", "suite", "packets sent=sent", "packets received=received", "reason"));
        section(b, "Services", "services", status, null, List.of());
        b.append(LadderSection.html(recentCalls.get()));
        b.append("<h3>Recent events (syslog)</h3>\n<table class=\"rows\" id=\"events\"><tr><th>Time</th><th>Service</th><th>Severity</th><th>Message</th></tr>\n");
        List<UnitEvent> recent = new ArrayList<>(unit.recent(40));
        java.util.Collections.reverse(recent);
        for (UnitEvent e : recent) {
            b.append("<tr class=\"sev-").append(UnitEventSyslog.severityOf(e)).append("\"><td>").append(e.time()).append("</td><td>")
                    .append(UnitEventSyslog.serviceOf(e)).append("</td><td>").append(UnitEventSyslog.severityOf(e)).append("</td><td>")
                    .append(escape(UnitEventSyslog.textOf(e))).append("</td></tr>\n");
        }
        b.append("</table>\n");
        html(resp, HttpServletResponse.SC_OK, "Status", b.toString(), s);
    }

    /** The first of the column's fields ({@code heading=field|fallback}) the event carries, else empty. */
    private static String cell(UnitEvent e, String column) {
        String[] parts = column.split("=", 2);
        for (String field : (parts.length == 2 ? parts[1] : parts[0]).split("\\|")) {
            String value = e.get(field);
            // localPort 0: no port bound yet
            if (value != null && !value.isEmpty() && !(field.equals("localPort") && value.equals("0"))) {
                return value;
            }
        }
        return "";
    }

    private static void section(StringBuilder b, String title, String id, List<UnitEvent> status, String kind, List<String> columns) {
        b.append("<h3>").append(title).append("</h3>\n");
        if (kind == null) {
            b.append("<ul id=\"").append(id).append("\">");
            for (UnitEvent e : status) {
                if (Set.of("UNIT", "PROFILE", "TRANSPORT", "MEDIA", "CERT").contains(e.kind())) {
                    b.append("<li><code>").append(escape(e.toLine())).append("</code></li>");
                }
            }
            b.append("</ul>\n");
            return;
        }
        List<UnitEvent> rows = status.stream().filter(e -> e.kind().equals(kind)).toList();
        if (rows.isEmpty()) {
            b.append("<p id=\"").append(id).append("\" class=\"desc\">none</p>\n");
            return;
        }
        b.append("<table class=\"rows\" id=\"").append(id).append("\"><tr>");
        columns.forEach(c -> b.append("<th>").append(c.split("=", 2)[0]).append("</th>"));
        b.append("</tr>\n");
        for (UnitEvent e : rows) {
            b.append("<tr>");
            columns.forEach(c -> b.append("<td>").append(escape(cell(e, c))).append("</td>"));
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    // ------------------------------------------------------------------ JSON API

    private void api(String path, HttpServletRequest req, HttpServletResponse resp, WebSession s) throws IOException, BadRequest {
        String method = req.getMethod();
        switch (path + " " + method) {
            case "/api/status GET" -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("restartRequired", List.copyOf(unit.pendingServices()));
                body.put("status", unit.status().stream().map(ManagementServlet::eventJson).toList());
                body.put("recent", unit.recent(40).stream().map(ManagementServlet::eventJson).toList());
                json(resp, 200, body);
            }
            case "/api/profile GET" -> json(resp, 200, profileJson(unit.configured()));
            case "/api/profile POST" -> {
                // The body is profile lines (Service.Variable=Value): changes, checked as a profile file.
                byte[] body = req.getInputStream().readNBytes(MAX_UPLOAD + 1);
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
            case "/api/certificates GET" -> json(resp, 200, unit.certificates().list().stream().map(ManagementServlet::certificateJson).toList());
            case "/api/certificates POST" -> apiUpload(req, resp);
            case "/api/logout POST" -> {
                sessions.remove(s);
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

    private static final String CERTIFICATE_PATH = "/api/certificates/";

    /** {@code POST /api/certificates}: the page's upload form, same fields, same rules, JSON answer. */
    private void apiUpload(HttpServletRequest req, HttpServletResponse resp) throws IOException, BadRequest {
        CertificateUpload upload;
        try {
            upload = uploadFrom(req);
        } catch (IllegalArgumentException e) {
            json(resp, 400, Map.of("error", e.getMessage()));
            return;
        } catch (ServletException | IllegalStateException e) {
            // Not multipart, or larger than the servlet accepts.
            json(resp, 400, Map.of("error", "send the certificate as multipart/form-data (fields category, file, key, p12password,"
                    + " usage, unsecured; at most " + MAX_UPLOAD + " bytes per file)"));
            return;
        }
        try {
            CertificateChanges changes = changes();
            List<CertificateEntry> added = changes.upload(upload);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("added", added.stream().map(ManagementServlet::certificateJson).toList());
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
        Optional<CertificateEntry> deleted = changes().delete(id);
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

    // ------------------------------------------------------------------ output

    private void html(HttpServletResponse resp, int status, String title, String body, WebSession s) throws IOException {
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

    private void notFound(HttpServletResponse resp, WebSession s) throws IOException {
        html(resp, HttpServletResponse.SC_NOT_FOUND, "Not found", "<p>No such page.</p>", s);
    }

    private static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=utf-8");
        resp.getOutputStream().write(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void staticCss(HttpServletResponse resp) throws IOException {
        try (InputStream in = ManagementServlet.class.getResourceAsStream("/web/ta.css")) {
            if (in == null) {
                resp.sendError(404);
                return;
            }
            resp.setContentType("text/css;charset=utf-8");
            resp.setHeader("Cache-Control", "max-age=3600");
            resp.getOutputStream().write(in.readAllBytes());
        }
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

    private static String pathOf(HttpServletRequest req) {
        String servletPath = req.getServletPath() == null ? "" : req.getServletPath();
        String info = req.getPathInfo() == null ? "" : req.getPathInfo();
        String path = servletPath + info;
        return path.isEmpty() ? "/" : path;
    }
}
