package org.secureta.transport.internal;

import java.io.IOException;

import javax.sip.SipStack;
import javax.sip.message.Request;

import gov.nist.javax.sip.Utils;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * What the unit changes in JAIN-SIP's handling of a request received, before its transaction
 * layer: (1) no fallback towards the Via, and (2) no request swallowed for a reused branch.
 *
 * <p>(1) When a response cannot go back over its request's connection, JAIN-SIP retries towards
 * the Via's sent-by, looking its host name up in DNS first. RFC 3261 18.2.2 sends a response over
 * the connection the request came on; a peer's Via must never make the unit resolve a name or
 * connect anywhere ({@link TlsEndpoint#mayConnect} refuses the connection; this forgets the
 * address, so the name is not even looked up).
 *
 * <p>(2) A request that reuses the branch of a live server transaction of another method.
 * RFC 3261 17.2.3 matches a request to a transaction by branch, sent-by AND method, so such a
 * request is a new transaction (and 8.1.1.7 forbids the reuse); JAIN-SIP matches by branch and
 * sent-by alone and would swallow it into the old transaction, unanswered until that one ends
 * (32 s for an INVITE awaiting its ACK). It gets 400 over the connection it came on. Installed by
 * {@link SipStackFactory#installValve} on every unit's stack.
 */
public final class InboundRequestValve implements SIPMessageValve {

    private static final System.Logger LOG = System.getLogger(InboundRequestValve.class.getName());

    private SIPTransactionStack stack;

    @Override
    public void init(SipStack sipStack) {
        this.stack = (SIPTransactionStack) sipStack;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        forgetAdvertisedAddress(channel);
        String method = request.getMethod();
        // ACK for a non-2xx and CANCEL share the INVITE's branch by design (RFC 3261 17.1.1.3, 9.1).
        if (stack == null || Request.ACK.equals(method) || Request.CANCEL.equals(method) || request.getTopmostVia() == null) {
            return true;
        }
        SIPTransaction existing = stack.findTransaction(request.getTransactionId(), true);
        if (existing == null || existing.getMethod().equals(method)) {
            return true;
        }
        try {
            SIPResponse response = request.createResponse(400, "Bad Request (branch in use by " + existing.getMethod() + ")");
            if (response.getToTag() == null) {
                response.setToTag(Utils.getInstance().generateTag());
            }
            channel.sendMessage(response);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "cannot refuse {0} reusing branch {1}: {2}", method, request.getTopmostVia().getBranch(),
                    e.getMessage());
        }
        return false;
    }

    private static final java.lang.reflect.Field ADVERTISED_ADDRESS = advertisedAddressField();

    private static java.lang.reflect.Field advertisedAddressField() {
        try {
            java.lang.reflect.Field field = ConnectionOrientedMessageChannel.class.getDeclaredField("peerAddressAdvertisedInHeaders");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "this JAIN-SIP has no peerAddressAdvertisedInHeaders: {0}", e.toString());
            return null;
        }
    }

    /** JAIN-SIP has just noted the Via's host as where to retry a response: forgotten. */
    private static void forgetAdvertisedAddress(MessageChannel channel) {
        if (ADVERTISED_ADDRESS != null && channel instanceof ConnectionOrientedMessageChannel) {
            try {
                ADVERTISED_ADDRESS.set(channel, null);
            } catch (IllegalAccessException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot clear the advertised address: {0}", e.toString());
            }
        }
    }

    @Override
    public boolean processResponse(javax.sip.message.Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void destroy() {
        stack = null;
    }
}
