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
        String boundary = "----ta" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Field[] all = new Field[fields.length + 1];
        all[0] = text("csrf", csrf);
        System.arraycopy(fields, 0, all, 1, fields.length);
        for (Field f : all) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.name() + "\""
                    + (f.fileName() == null ? "" : "; filename=\"" + f.fileName() + "\"\r\nContent-Type: application/octet-stream")
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(f.content());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newBuilder().sslContext(web.trustingTheUnit()).build();
        return http.send(HttpRequest.newBuilder(URI.create(web.url(path)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Cookie", ManagementServlet.COOKIE + "=" + client.session)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Multipart() {
    }
}
