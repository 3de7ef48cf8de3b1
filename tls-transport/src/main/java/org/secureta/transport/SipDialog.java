package org.secureta.transport;

import java.util.concurrent.CompletionStage;

/** A SIP dialog of the unit (RFC 3261 section 12), established by an INVITE. */
public interface SipDialog {

    String callId();

    String localTag();

    String remoteTag();

    /** The line (endpoint id) the dialog belongs to. */
    String line();

    /**
     * Sends a request inside the dialog (BYE, re-INVITE, INFO, ...). The request URI of
     * {@code request} is ignored: the dialog's remote target and route set are used.
     * The stage completes with the final response, or exceptionally if it could not be sent.
     */
    CompletionStage<SipResponse> sendRequest(OutgoingRequest request);

    /** Acknowledges the 2xx that established the dialog (RFC 3261 section 13.2.2.4). */
    void sendAck(String contentType, byte[] body);
}
