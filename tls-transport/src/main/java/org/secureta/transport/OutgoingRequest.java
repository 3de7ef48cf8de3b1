package org.secureta.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request the call agent wants sent. The transport adds what belongs to the unit: Via,
 * From (the line's address of record), To, Call-ID, CSeq, Max-Forwards, Contact, route to the
 * gateway's server, and digest credentials when challenged.
 *
 * @param method      request method, for example INVITE or MESSAGE
 * @param requestUri  target, for example {@code sip:101@127.0.0.1}; ignored inside a dialog
 * @param headers     extra header fields, in order
 * @param contentType body type such as {@code application/sdp}, empty for no body
 * @param body        body bytes, empty for no body
 */
public record OutgoingRequest(String method, String requestUri, List<SipHeader> headers,
                              String contentType, byte[] body) {

    public OutgoingRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(requestUri, "requestUri");
        if (method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new IllegalArgumentException("invalid SIP method '" + method + "': upper-case letters only");
        }
        headers = List.copyOf(headers);
        Objects.requireNonNull(contentType, "contentType");
        body = body.clone();
        if (body.length > 0 && contentType.isEmpty()) {
            throw new IllegalArgumentException("a " + method + " body needs a content type");
        }
    }

    /** A request without extra headers or body. */
    public static OutgoingRequest of(String method, String requestUri) {
        return new OutgoingRequest(method, requestUri, List.of(), "", new byte[0]);
    }

    public OutgoingRequest withHeader(String name, String value) {
        List<SipHeader> more = new ArrayList<>(headers);
        more.add(new SipHeader(name, value));
        return new OutgoingRequest(method, requestUri, more, contentType, body);
    }

    public OutgoingRequest withBody(String type, byte[] content) {
        return new OutgoingRequest(method, requestUri, headers, type, content);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return method + " " + requestUri + " (" + headers.size() + " extra headers, " + body.length + " body bytes)";
    }
}
