package org.secureta.transport.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.sip.header.AcceptHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.RequireHeader;
import javax.sip.message.Request;

/**
 * The requests a unit must refuse before the call agent sees them (RFC 3261 8.2.2 and 8.2.3):
 * a Request-URI scheme it does not know, an extension it is required to support and does not,
 * a body it cannot read, or an answer the caller would not accept. Each refusal names what was
 * wrong and carries the header field the RFC asks for.
 */
final class RequestScreening {

    /** A refusal: status, reason phrase, and header fields to add ({@code Name: value}). */
    record Refusal(int code, String reason, List<String> headers) {
        Refusal {
            headers = List.copyOf(headers);
        }
    }

    /** The methods the unit answers (the call agent's and OPTIONS), sent in Allow (RFC 3261 20.5). */
    static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS";
    /** Option tags the unit supports (RFC 3261 8.2.2.3): none. */
    private static final Set<String> SUPPORTED = Set.of();
    /** Methods whose body is a session description the call agent reads. */
    private static final Set<String> SDP_METHODS = Set.of(Request.INVITE, Request.UPDATE, Request.PRACK);

    private RequestScreening() {
    }

    static Optional<Refusal> refusalOf(Request request) {
        String method = request.getMethod();
        if (Request.ACK.equals(method)) {
            return Optional.empty();
        }
        // RFC 3261 8.2.2.1: a scheme the UAS does not understand gets 416.
        String scheme = request.getRequestURI().getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            return Optional.of(new Refusal(416, "Unsupported URI Scheme", List.of()));
        }
        // RFC 3261 8.2.2.3: Require is ignored in CANCEL (and ACK); anything unknown gets 420 with Unsupported.
        if (!Request.CANCEL.equals(method)) {
            List<String> unsupported = new ArrayList<>();
            ListIterator<?> requires = request.getHeaders(RequireHeader.NAME);
            while (requires.hasNext()) {
                String tag = ((RequireHeader) requires.next()).getOptionTag();
                if (tag != null && !SUPPORTED.contains(tag.trim().toLowerCase(Locale.ROOT)) && !unsupported.contains(tag.trim())) {
                    unsupported.add(tag.trim());
                }
            }
            if (!unsupported.isEmpty()) {
                return Optional.of(new Refusal(420, "Bad Extension", List.of("Unsupported: " + String.join(", ", unsupported))));
            }
        }
        if (SDP_METHODS.contains(method)) {
            // RFC 3261 8.2.3: a body type the UAS does not understand gets 415 with Accept.
            ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
            boolean hasBody = request.getRawContent() != null && request.getRawContent().length > 0;
            if ((type != null || hasBody) && !isSdp(type)) {
                String what = type == null ? "(none)" : type.getContentType() + "/" + type.getContentSubType();
                return Optional.of(new Refusal(415, "Unsupported Media Type (" + what + ")", List.of("Accept: application/sdp")));
            }
            // RFC 3261 21.4.7: the answer would be SDP; a caller that accepts no SDP gets 406.
            if (request.getHeader(AcceptHeader.NAME) != null && !acceptsSdp(request)) {
                return Optional.of(new Refusal(406, "Not Acceptable", List.of()));
            }
        }
        return Optional.empty();
    }

    private static boolean isSdp(ContentTypeHeader type) {
        return type != null && "application".equalsIgnoreCase(type.getContentType()) && "sdp".equalsIgnoreCase(type.getContentSubType());
    }

    private static boolean acceptsSdp(Request request) {
        ListIterator<?> accepts = request.getHeaders(AcceptHeader.NAME);
        while (accepts.hasNext()) {
            AcceptHeader accept = (AcceptHeader) accepts.next();
            String type = accept.getContentType() == null ? "" : accept.getContentType().trim();
            String subType = accept.getContentSubType() == null ? "" : accept.getContentSubType().trim();
            if ((type.equals("*") || type.equalsIgnoreCase("application")) && (subType.equals("*") || subType.equalsIgnoreCase("sdp"))) {
                return true;
            }
        }
        return false;
    }
}
