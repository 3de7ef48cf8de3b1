package org.secureta.transport.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.Utils;

import org.secureta.transport.IncomingRequest;
import org.secureta.transport.SipDialog;
import org.secureta.transport.SipHeader;
import org.secureta.transport.Transport;

/** A request the unit received, as the call agent sees it, answered through its server transaction (RFC 3261 17.2). */
final class IncomingSipRequest implements IncomingRequest {

    private static final System.Logger LOG = System.getLogger(IncomingSipRequest.class.getName());

    private final Request request;
    private final ServerTransaction server;
    private final SipProvider source;
    private final Dialog dialog;
    private final SipRequestFactory factory;
    private final UnitDialogs dialogs;
    /** The line a request URI's user names, if any. */
    private final Function<Request, Optional<String>> lineOf;
    private final String toTag = Utils.getInstance().generateTag();

    IncomingSipRequest(Request request, ServerTransaction server, SipProvider source, Dialog dialog, SipRequestFactory factory,
                       UnitDialogs dialogs, Function<Request, Optional<String>> lineOf) {
        this.request = request;
        this.server = server;
        this.source = source;
        this.dialog = dialog != null ? dialog : server == null ? null : server.getDialog();
        this.factory = factory;
        this.dialogs = dialogs;
        this.lineOf = lineOf;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String requestUri() {
        return request.getRequestURI().toString();
    }

    @Override
    public String callId() {
        return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    }

    @Override
    public Optional<String> line() {
        return lineOf.apply(request);
    }

    @Override
    public List<SipHeader> headers() {
        return SipMessages.headersOf(request);
    }

    @Override
    public String contentType() {
        return SipMessages.contentTypeOf(request);
    }

    @Override
    public byte[] body() {
        return SipMessages.bodyOf(request).clone();
    }

    @Override
    public Optional<SipDialog> dialog() {
        Dialog current = server != null && server.getDialog() != null ? server.getDialog() : dialog;
        if (current == null || current.getDialogId() == null) {
            return Optional.empty();
        }
        return Optional.of(dialogs.dialogOf(current, line().orElse("")));
    }

    @Override
    public Transport transport() {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return Transport.valueOf(via.getTransport().toUpperCase(java.util.Locale.ROOT));
    }

    /** Answers with a screening refusal and the header fields it carries. */
    void refuse(RequestScreening.Refusal refusal) {
        LOG.log(System.Logger.Level.INFO, "{0} {1} refused: {2} {3}", request.getMethod(), request.getRequestURI(),
                refusal.code(), refusal.reason());
        // One field per value: JAIN-SIP's header factory takes no comma lists.
        List<SipHeader> extra = refusal.headers().stream().map(h -> h.split(":", 2))
                .flatMap(h -> Arrays.stream(h[1].split(",")).map(v -> new SipHeader(h[0].trim(), v.trim()))).toList();
        answer(refusal.code(), refusal.reason(), extra, "", new byte[0]);
    }

    @Override
    public void respond(int statusCode, String reasonPhrase, String contentType, byte[] body) {
        // RFC 3261 20.5: a 405 MUST list the allowed methods; a 200 to OPTIONS SHOULD (11.2).
        boolean allow = statusCode == 405 || (statusCode == 200 && Request.OPTIONS.equals(request.getMethod()));
        List<SipHeader> extra = allow ? Arrays.stream(RequestScreening.ALLOW.split(","))
                .map(m -> new SipHeader("Allow", m.trim())).toList() : List.of();
        answer(statusCode, reasonPhrase, extra, contentType, body);
    }

    private void answer(int statusCode, String reasonPhrase, List<SipHeader> extra, String contentType, byte[] body) {
        if (server == null) {
            throw new IllegalStateException(request.getMethod() + " is never answered");
        }
        try {
            Response response = factory.response(request, statusCode, reasonPhrase, toTag, source.getListeningPoints()[0], extra,
                    contentType, body);
            server.sendResponse(response);
        } catch (SipException | InvalidArgumentException | java.text.ParseException e) {
            throw new IllegalStateException("cannot answer " + request.getMethod() + " with " + statusCode + ": " + e.getMessage(), e);
        }
    }
}
