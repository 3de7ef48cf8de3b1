package org.secureta.provisioning.web;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** multipart/form-data bodies (RFC 7578) for upload tests. */
final class Multipart {

    record Field(String name, String fileName, byte[] content) {
    }

    static Field file(String name, String fileName, byte[] content) {
        return new Field(name, fileName, content);
    }

    static Field text(String name, String value) {
        return new Field(name, null, value.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> post(WebFixture web, WebClient client, String path, String csrf, Field... fields) throws Exception {
        Field[] all = new Field[fields.length + 1];
        all[0] = text("csrf", csrf);
        System.arraycopy(fields, 0, all, 1, fields.length);
        return send(web, client.session, path, null, all);
    }

    /** As the JSON API is used: the CSRF token (if any) in the X-CSRF-Token header, the session (if any) in its cookie. */
    static HttpResponse<String> postApi(WebFixture web, String session, String path, String csrfHeader, Field... fields) throws Exception {
        return send(web, session, path, csrfHeader, fields);
    }

    private static HttpResponse<String> send(WebFixture web, String session, String path, String csrfHeader, Field... all) throws Exception {
        String boundary = "----ta" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Field f : all) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.name() + "\""
                    + (f.fileName() == null ? "" : "; filename=\"" + f.fileName() + "\"\r\nContent-Type: application/octet-stream")
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(f.content());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newBuilder().sslContext(web.trustingTheUnit()).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(web.url(path)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (session != null) {
            request.header("Cookie", ManagementServlet.COOKIE + "=" + session);
        }
        if (csrfHeader != null) {
            request.header(ManagementServlet.CSRF_HEADER, csrfHeader);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Multipart() {
    }
}
