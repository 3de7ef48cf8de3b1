package org.secureta.transport;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The unit's SIP signalling, as the call agent sees it: one service per unit, over the single
 * configured transport (TLS never mixes with UDP or TCP). Registrations and persistent TLS
 * links are kept by the transport itself; their states are reported here and posted as
 * {@link UnitEvent}s.
 */
public interface SipTransport {

    /** The transport in use. */
    Transport transport();

    /**
     * Sends a request outside any dialog from {@code line} (an endpoint id), through the line's
     * gateway. The stage completes with the final response (after digest authentication, if
     * the server challenged), or exceptionally with {@link SipTransportException} if the request
     * could not be sent or got no answer.
     */
    CompletionStage<SipResponse> sendRequest(String line, OutgoingRequest request);

    /**
     * Cancels a pending INVITE sent with {@link #sendRequest} (RFC 3261 9.1); the INVITE then
     * completes with the callee's final answer, normally 487. To know the Call-ID, give the INVITE
     * a {@code Call-ID} header: the transport keeps a Call-ID chosen by the caller.
     * The stage completes with the response to the CANCEL.
     */
    default CompletionStage<SipResponse> cancel(String callId) {
        return java.util.concurrent.CompletableFuture.failedFuture(new UnsupportedOperationException("this transport cannot cancel"));
    }

    /** Status of every persistent TLS link (SipEp.TlsPersistentConnectionStatus); empty without TLS. */
    List<LinkStatus> links();

    /** Status of every configured line's registration. */
    List<RegistrationStatus> registrations();

    void addListener(SipTransportListener listener);

    void removeListener(SipTransportListener listener);
}
