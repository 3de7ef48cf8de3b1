package org.secureta.provisioning.web;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A plain HTTPS client for the web tests: keeps the session cookie and reads the CSRF token off pages. */
final class WebClient {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final WebFixture web;
    private final HttpClient http;
    String session;

    WebClient(WebFixture web) throws Exception {
        this.web = web;
        this.http = HttpClient.newBuilder().sslContext(web.trustingTheUnit()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(web.url(path))).GET());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(web.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> postText(String path, String body, String csrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(web.url(path))).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrf != null) {
            b.header(ManagementServlet.CSRF_HEADER, csrf);
        }
        return send(b);
    }

    HttpResponse<String> login(String password) throws Exception {
        return post("/login", Map.of("password", password));
    }

    /** The CSRF token of the session, as a page carries it. */
    String csrf() throws Exception {
        Matcher m = CSRF.matcher(get("/status").body());
        if (!m.find()) {
            throw new AssertionError("no CSRF token on the status page");
        }
        return m.group(1);
    }

    static Map<String, String> form(String... namesAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        if (session != null) {
            b.header("Cookie", ManagementServlet.COOKIE + "=" + session);
        }
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        response.headers().allValues("set-cookie").forEach(c -> {
            if (c.startsWith(ManagementServlet.COOKIE + "=")) {
                String value = c.substring(ManagementServlet.COOKIE.length() + 1, c.indexOf(';'));
                session = value.isEmpty() ? null : value;
            }
        });
        return response;
    }
}
