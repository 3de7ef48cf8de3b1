package org.secureta.transport.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.ListeningPointExt;
import gov.nist.javax.sip.Utils;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.stack.HopImpl;

import org.secureta.transport.LineConfiguration;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.SipHeader;
import org.secureta.transport.Transport;
import org.secureta.transport.TransportConfiguration;

/**
 * Builds the unit's SIP messages (RFC 3261 8.1.1, 10.2, 8.2.6): out-of-dialog requests of a line
 * (From its address of record, Contact on the unit's port, a Via and its route to the gateway's
 * server), REGISTER, the call agent's header fields and body, and responses to received requests.
 */
final class SipRequestFactory {

    private static final String USER_AGENT = "SecureTA";

    final AddressFactory addresses = new AddressFactoryImpl();
    final HeaderFactory headers = new HeaderFactoryImpl();
    final MessageFactory messages = new MessageFactoryImpl();
    private final TransportConfiguration config;
    private final UnitStack stack;

    SipRequestFactory(TransportConfiguration config, UnitStack stack) {
        this.config = config;
        this.stack = stack;
    }

    private int defaultPort() {
        return config.transport() == Transport.TLS ? 5061 : 5060;
    }

    private SipURI aor(LineConfiguration line, UnitGateway gateway) throws java.text.ParseException {
        ServerAddress domain = gateway.registrar.orElse(gateway.server != null ? gateway.server
                : new ServerAddress(stack.localAddress.getHostAddress(), stack.localPort));
        SipURI uri = addresses.createSipURI(line.username(), domain.host());
        if (domain.port() != defaultPort()) {
            uri.setPort(domain.port());
        }
        return uri;
    }

    ContactHeader contact(LineConfiguration line, boolean withTransport) throws java.text.ParseException {
        SipURI uri = addresses.createSipURI(line.username(), stack.localAddress.getHostAddress());
        uri.setPort(stack.localPort);
        if (withTransport) {
            uri.setTransportParam(stack.transportParameter());
        }
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    /** Whether a registrar's Contact is the binding {@code line} asked for (user, address and port of this unit). */
    boolean isOurContact(LineConfiguration line, SipURI uri) {
        int port = uri.getPort() < 0 ? defaultPort() : uri.getPort();
        return line.username().equals(uri.getUser()) && port == stack.localPort
                && stack.localAddress.getHostAddress().equals(uri.getHost());
    }

    Request newRequest(String method, URI target, LineConfiguration line, UnitGateway gateway, String callId, long cseq,
                       Address to) throws java.text.ParseException, InvalidArgumentException {
        Address from = addresses.createAddress(aor(line, gateway));
        if (!line.friendlyName().isBlank()) {
            from.setDisplayName(line.friendlyName());
        }
        FromHeader fromHeader = headers.createFromHeader(from, Utils.getInstance().generateTag());
        ToHeader toHeader = headers.createToHeader(to, null);
        ViaHeader via = headers.createViaHeader(stack.localAddress.getHostAddress(), stack.localPort, stack.transportParameter(),
                Utils.getInstance().generateBranchId());
        CallIdHeader callIdHeader = headers.createCallIdHeader(callId);
        CSeqHeader cseqHeader = headers.createCSeqHeader(cseq, method);
        Request request = messages.createRequest(target, method, callIdHeader, cseqHeader, fromHeader, toHeader,
                new ArrayList<>(List.of(via)), headers.createMaxForwardsHeader(70));
        request.addHeader(headers.createUserAgentHeader(List.of(USER_AGENT)));
        if (gateway.server != null) {
            // A server found by SRV is reached at the target the link went to, never by its domain.
            PersistentLink link = gateway.link;
            Optional<java.net.InetSocketAddress> linked = link == null ? Optional.empty() : link.upTo();
            UnitRouter.table(stack.name).put(callId, linked.isPresent() && gateway.srv
                    ? new HopImpl(linked.get().getAddress().getHostAddress(), linked.get().getPort(), stack.transportParameter())
                    : new HopImpl(gateway.server.host(), gateway.server.port(), stack.transportParameter()));
        }
        return request;
    }

    /** REGISTER of {@code line} at its gateway's registrar for {@code expires} seconds (RFC 3261 10.2). */
    Request register(LineConfiguration line, UnitGateway gateway, String callId, long cseq, int expires)
            throws java.text.ParseException, InvalidArgumentException {
        ServerAddress registrarAddress = gateway.registrar.orElseThrow();
        SipURI target = addresses.createSipURI(null, registrarAddress.host());
        if (registrarAddress.port() != defaultPort()) {
            target.setPort(registrarAddress.port());
        }
        Address self = addresses.createAddress(aor(line, gateway));
        Request register = newRequest(Request.REGISTER, target, line, gateway, callId, cseq, self);
        register.addHeader(contact(line, config.registrationTransportParameter()));
        register.addHeader(headers.createExpiresHeader(expires));
        return register;
    }

    /** The call agent's out-of-dialog request on {@code line}. A Call-ID it chose (to match provisional responses and CANCEL) is kept. */
    Request outOfDialog(OutgoingRequest request, LineConfiguration line, UnitGateway gateway, long cseq)
            throws java.text.ParseException, InvalidArgumentException {
        URI target = addresses.createURI(request.requestUri());
        Address to = addresses.createAddress(target);
        String callId = request.headers().stream().filter(h -> h.name().equalsIgnoreCase(CallIdHeader.NAME))
                .map(SipHeader::value).findFirst().orElse("call-" + java.util.UUID.randomUUID());
        Request sip = newRequest(request.method(), target, line, gateway, callId, cseq, to);
        if (!Request.MESSAGE.equals(request.method())) {
            sip.addHeader(contact(line, config.contactTransportParameter()));
        }
        fill(sip, request);
        return sip;
    }

    /** Adds the call agent's header fields (never its Call-ID: JAIN-SIP's) and body. */
    void fill(Message message, OutgoingRequest request) throws java.text.ParseException {
        for (SipHeader header : request.headers()) {
            if (header.name().equalsIgnoreCase(CallIdHeader.NAME)) {
                continue;
            }
            message.addHeader(headers.createHeader(header.name(), header.value()));
        }
        if (request.body().length > 0) {
            String[] type = request.contentType().split("/", 2);
            if (type.length != 2) {
                throw new java.text.ParseException("content type '" + request.contentType() + "' is not type/subtype", 0);
            }
            message.setContent(request.body(), headers.createContentTypeHeader(type[0].trim(), type[1].trim()));
        }
    }

    /**
     * A response to {@code request} received on {@code on}; a 2xx to INVITE or SUBSCRIBE carries
     * the unit's Contact on that listening point's port (RFC 3261 12.1.1).
     */
    Response response(Request request, int statusCode, String reasonPhrase, String toTag, ListeningPoint on, List<SipHeader> extra,
                      String contentType, byte[] body) throws java.text.ParseException, InvalidArgumentException {
        Response response = messages.createResponse(statusCode, request);
        response.setReasonPhrase(reasonPhrase);
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (statusCode > 100 && to.getTag() == null) {
            to.setTag(toTag);
        }
        if (statusCode >= 200 && statusCode < 300 && (Request.INVITE.equals(request.getMethod())
                || Request.SUBSCRIBE.equals(request.getMethod()))) {
            String user = ((SipURI) request.getRequestURI()).getUser();
            SipURI uri = addresses.createSipURI(user, stack.localAddress.getHostAddress());
            uri.setPort(((ListeningPointExt) on).getPort());
            if (config.contactTransportParameter()) {
                uri.setTransportParam(stack.transportParameter());
            }
            response.addHeader(headers.createContactHeader(addresses.createAddress(uri)));
        }
        fill(response, new OutgoingRequest("RESPONSE", "", extra, contentType, body));
        return response;
    }
}
