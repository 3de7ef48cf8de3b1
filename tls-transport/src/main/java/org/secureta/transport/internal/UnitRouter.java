package org.secureta.transport.internal;

import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.header.CallIdHeader;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;

import gov.nist.javax.sip.stack.DefaultRouter;

/**
 * Sends every out-of-dialog request of a line to its gateway's server (outbound proxy, else
 * proxy, else registrar), over that gateway's persistent link; in-dialog requests follow their
 * route set as RFC 3261 says. Named in {@code javax.sip.ROUTER_PATH}; the stack creates it.
 */
public final class UnitRouter implements Router {

    private static final Map<String, Map<String, Hop>> BY_STACK = new ConcurrentHashMap<>();

    private final DefaultRouter standard;
    private final String stackName;

    public UnitRouter(SipStack stack, String outboundProxy) {
        this.standard = new DefaultRouter(stack, outboundProxy);
        this.stackName = stack.getStackName();
    }

    /** The table of Call-ID to first hop that the unit fills for {@code stackName}. */
    static Map<String, Hop> table(String stackName) {
        return BY_STACK.computeIfAbsent(stackName, name -> new ConcurrentHashMap<>());
    }

    static void forget(String stackName) {
        BY_STACK.remove(stackName);
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        Hop next = null;
        if (request.getHeader(RouteHeader.NAME) == null) {
            CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
            next = Optional.ofNullable(callId).map(c -> table(stackName).get(c.getCallId())).orElse(null);
        }
        if (next == null) {
            next = standard.getNextHop(request);
        }
        if (next != null) {
            // The unit's own requests are the only reason to open a connection (see TlsEndpoint.mayConnect).
            Hop hop = next;
            TlsEndpoint.forStack(stackName).ifPresent(tls -> tls.routed(hop.getHost(), hop.getPort()));
        }
        return next;
    }

    @Override
    public Hop getOutboundProxy() {
        return null;
    }

    @Override
    @SuppressWarnings({"rawtypes", "deprecation"})
    public ListIterator getNextHops(Request request) {
        return standard.getNextHops(request);
    }
}
