package org.secureta.provisioning.web;

import static org.secureta.provisioning.web.Html.escape;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.secureta.provisioning.ladder.Ladder;
import org.secureta.provisioning.metrics.MetricsService;
import org.secureta.transport.UnitEvent;

/**
 * The unit's web management: pages mirroring the guide's menus (Management > Certificates, SIP >
 * Gateways/Servers/Transport/Interop, Telephony > CODECs, Network > Host, Status), profile import
 * and export, a JSON API, and the Prometheus metrics at {@code /metrics} ({@link MetricsEndpoint}, HTTP Basic for
 * scrapers), all behind one login. This class routes a request to the page or
 * API that answers it, once the checks every request passes are done.
 *
 * <p>Security: HTTPS only (the server is configured so); {@link SecurityHeaders} on every answer;
 * a session cookie and a CSRF token checked on every state-changing request
 * ({@link SessionCookie}); an idle timeout and a maximum lifetime ({@link SessionStore}); repeated
 * wrong passwords lock the login for a while ({@link LoginThrottle}); bounded request bodies
 * ({@link RequestBody}); never a stack trace in an answer.
 */
public final class ManagementServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String COOKIE = SessionCookie.COOKIE;
    static final String CSRF_HEADER = SessionCookie.CSRF_HEADER;
    static final int MAX_UPLOAD = RequestBody.MAX_FILE;
    static final int MAX_FORM = RequestBody.MAX_FORM;
    static final int LOCK_AFTER_FAILURES = LoginThrottle.LOCK_AFTER_FAILURES;
    static final Duration LOCK_TIME = LoginThrottle.LOCK_TIME;
    /** The source name of changes made through the pages. */
    static final String WEB = "web";

    private final transient UnitManagement unit;
    private final transient SessionCookie sessions;
    private final transient PageLayout layout;
    private final transient LoginPage login;
    private final transient StatusPage status;
    private final transient SettingsPages settings;
    private final transient CertificatesPage certificates;
    private final transient ProfilePage profile;
    private final transient ManagementApi api;
    private final transient MetricsEndpoint metrics;

    public ManagementServlet(UnitManagement unit, AdminPassword password, Clock clock, Duration idleTimeout) {
        this.unit = unit;
        this.sessions = new SessionCookie(new SessionStore(clock, idleTimeout));
        this.layout = new PageLayout(unit);
        LoginThrottle throttle = new LoginThrottle(clock);
        this.login = new LoginPage(unit, password, throttle, sessions, layout);
        this.status = new StatusPage(unit, layout);
        this.settings = new SettingsPages(unit, layout);
        this.certificates = new CertificatesPage(unit, layout);
        this.profile = new ProfilePage(unit, layout);
        this.api = new ManagementApi(unit, sessions);
        this.metrics = new MetricsEndpoint(unit, password, throttle, sessions);
    }

    public ManagementServlet(UnitManagement unit, AdminPassword password) {
        this(unit, password, Clock.systemUTC(), SessionStore.IDLE_TIMEOUT);
    }

    /** The Status page draws the ladders of these calls (the unit's message trace). */
    public void showLadders(Supplier<List<Ladder>> calls) {
        status.showLadders(calls);
    }

    /** {@code /metrics} serves what {@code source} gives (the metrics component, when it runs). */
    public void serveMetrics(Supplier<Optional<MetricsService>> source) {
        metrics.serve(source);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        SecurityHeaders.apply(resp);
        String path = pathOf(req);
        boolean isApi = path.startsWith("/api/");
        try {
            if (path.equals(MetricsEndpoint.PATH)) {
                // A scraper's request: plain-text answers, HTTP Basic instead of the session (MetricsEndpoint).
                metrics.handle(req, resp);
                return;
            }
            RequestBody.checkLength(req);
            dispatch(path, req, resp);
        } catch (BadRequest e) {
            refuse(resp, e.status(), e.getMessage(), isApi);
        } catch (RuntimeException | ServletException e) {
            /*
             * Whatever else went wrong is the unit's fault, not the client's: an event names it
             * for the operator, and the page says only that it failed. Never a stack trace in a
             * response: it tells an attacker the code, versions and paths.
             */
            unit.post(UnitEvent.of(UnitEvent.ERROR, "source", "web", "state", "Failed",
                    "message", req.getMethod() + " " + path + " failed: " + e));
            refuse(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                    "the unit could not handle this request; nothing was changed (the unit's events say why)", isApi);
        }
    }

    /** A refusal as the client reads it: JSON for the API, a page otherwise; the session is left alone. */
    private void refuse(HttpServletResponse resp, int code, String message, boolean isApi) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.resetBuffer();
        if (code == 413) {
            // The rest of the body is not read: the client must not reuse the connection.
            resp.setHeader("Connection", "close");
        }
        if (isApi) {
            PageLayout.json(resp, code, Map.of("error", message));
        } else {
            layout.html(resp, code, code == 413 ? "Too large" : code >= 500 ? "Failed" : "Refused",
                    "<p class=\"error\" id=\"message\">" + escape(message) + "</p><p><a href=\"/status\">Back</a></p>", null);
        }
    }

    private void dispatch(String path, HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException, BadRequest {
        String method = req.getMethod();
        if (path.equals("/static/ta.css") && method.equals("GET")) {
            PageLayout.styleSheet(resp);
            return;
        }
        if (path.equals("/login")) {
            if (method.equals("POST")) {
                RequestBody.read(req);
                login.login(req, resp, false);
            } else {
                login.show(resp, null, HttpServletResponse.SC_OK);
            }
            return;
        }
        if (path.equals("/api/login") && method.equals("POST")) {
            RequestBody.read(req);
            login.login(req, resp, true);
            return;
        }
        boolean isApi = path.startsWith("/api/");
        Optional<WebSession> session = sessions.find(req);
        if (session.isEmpty()) {
            if (isApi) {
                PageLayout.json(resp, HttpServletResponse.SC_UNAUTHORIZED, Map.of("error", "not logged in, or the session expired: POST /api/login"));
            } else if (method.equals("GET")) {
                resp.sendRedirect("/login");
            } else {
                login.show(resp, "Your session expired or you are not logged in: log in again (nothing was changed).",
                        HttpServletResponse.SC_UNAUTHORIZED);
            }
            return;
        }
        WebSession s = session.get();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            // Only a logged-in client gets its body parsed (a form, or the parts of an upload).
            RequestBody.read(req);
            if (!SessionCookie.csrfMatches(req, s)) {
                String message = "missing or wrong CSRF token: the request was refused and nothing was changed (reload the page)";
                if (isApi) {
                    PageLayout.json(resp, HttpServletResponse.SC_FORBIDDEN, Map.of("error", message));
                } else {
                    layout.html(resp, HttpServletResponse.SC_FORBIDDEN, "Refused", "<p class=\"error\" id=\"message\">" + escape(message) + "</p>", s);
                }
                return;
            }
        }
        if (isApi) {
            api.handle(path, req, resp, s);
            return;
        }
        route(path, method, req, resp, s);
    }

    private void route(String path, String method, HttpServletRequest req, HttpServletResponse resp, WebSession s)
            throws IOException, ServletException, BadRequest {
        boolean get = method.equals("GET");
        switch (path) {
            case "/", "" -> resp.sendRedirect("/status");
            case "/status" -> status.show(resp, s);
            case "/logout" -> login.logout(resp, s);
            case "/restart" -> settings.restart(req, resp, s);
            case "/management/certificates" -> {
                if (get) {
                    certificates.show(resp, s, null, false);
                } else {
                    layout.notFound(resp, s);
                }
            }
            case "/management/certificates/upload" -> certificates.upload(req, resp, s);
            case "/management/certificates/delete" -> certificates.delete(req, resp, s);
            case "/management/profile" -> profile.show(resp, s, List.of());
            case "/management/profile/export" -> profile.export(resp);
            case "/management/profile/import" -> profile.importFile(req, resp, s);
            default -> {
                Optional<SettingsPage> page = SettingsPage.byPath(path.substring(1));
                if (page.isEmpty()) {
                    layout.notFound(resp, s);
                } else if (get) {
                    settings.show(resp, s, page.get(), name -> null, List.of(), HttpServletResponse.SC_OK);
                } else {
                    settings.save(req, resp, s, page.get());
                }
            }
        }
    }

    private static String pathOf(HttpServletRequest req) {
        String servletPath = req.getServletPath() == null ? "" : req.getServletPath();
        String info = req.getPathInfo() == null ? "" : req.getPathInfo();
        String path = servletPath + info;
        return path.isEmpty() ? "/" : path;
    }
}
