package org.secureta.transport;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A response received by the unit.
 *
 * @param statusCode   RFC 3261 status code
 * @param reasonPhrase reason phrase as received
 * @param method       the method of the request it answers
 * @param callId       Call-ID of the request
 * @param headers      all header fields as received
 * @param contentType  body type, empty for no body
 * @param body         body bytes
 * @param dialog       the dialog this response established or belongs to, if any
 */
public record SipResponse(int statusCode, String reasonPhrase, String method, String callId,
                          List<SipHeader> headers, String contentType, byte[] body,
                          Optional<SipDialog> dialog) {

    public SipResponse {
        Objects.requireNonNull(reasonPhrase, "reasonPhrase");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(callId, "callId");
        headers = List.copyOf(headers);
        Objects.requireNonNull(contentType, "contentType");
        body = body.clone();
        Objects.requireNonNull(dialog, "dialog");
    }

    /** The first value of a header field (names compared without case), if present. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(SipHeader::value).findFirst();
    }

    public boolean isSuccess() {
        return statusCode >= 200 && statusCode < 300;
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return "SIP/2.0 " + statusCode + " " + reasonPhrase + " (" + method + ", Call-ID " + callId + ")";
    }
}
