package org.secureta.transport;

import java.util.List;
import java.util.Optional;

/** A request received by the unit, to be answered once with a final response. */
public interface IncomingRequest {

    String method();

    String requestUri();

    String callId();

    /** The line (endpoint id) the request is addressed to, empty if it matches none. */
    Optional<String> line();

    List<SipHeader> headers();

    /** The first value of a header field (names compared without case), if present. */
    default Optional<String> header(String name) {
        return headers().stream().filter(h -> h.name().equalsIgnoreCase(name)).map(SipHeader::value).findFirst();
    }

    String contentType();

    byte[] body();

    /** The dialog the request belongs to (in-dialog requests) or creates (after a 2xx to INVITE). */
    Optional<SipDialog> dialog();

    /** The transport the request arrived over: UDP, TCP or TLS. */
    Transport transport();

    /** Sends a response; a 2xx to INVITE establishes a dialog. ACK needs no answer. */
    void respond(int statusCode, String reasonPhrase, String contentType, byte[] body);

    default void respond(int statusCode, String reasonPhrase) {
        respond(statusCode, reasonPhrase, "", new byte[0]);
    }
}
