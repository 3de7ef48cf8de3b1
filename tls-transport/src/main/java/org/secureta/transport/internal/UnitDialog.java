package org.secureta.transport.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.message.Request;

import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.SipDialog;
import org.secureta.transport.SipResponse;
import org.secureta.transport.SipTransportException;

/** A JAIN-SIP dialog as the call agent holds it: requests in the dialog (RFC 3261 12.2.1) and the ACK of its INVITE. */
final class UnitDialog implements SipDialog {

    /** How a request in a dialog goes out: filled with the call agent's fields, sent as a client transaction of the dialog. */
    interface Sender {
        void fill(javax.sip.message.Message message, OutgoingRequest request) throws java.text.ParseException;

        CompletableFuture<ResponseEvent> sendInDialog(Request request, Dialog dialog, String line);
    }

    private final Dialog dialog;
    private final String line;
    private final Sender sender;
    private final UnitDialogs dialogs;
    volatile long inviteCseq;

    UnitDialog(Dialog dialog, String line, Sender sender, UnitDialogs dialogs) {
        this.dialog = dialog;
        this.line = line;
        this.sender = sender;
        this.dialogs = dialogs;
    }

    @Override
    public String callId() {
        return dialog.getCallId().getCallId();
    }

    @Override
    public String localTag() {
        return dialog.getLocalTag();
    }

    @Override
    public String remoteTag() {
        return dialog.getRemoteTag();
    }

    @Override
    public String line() {
        return line;
    }

    @Override
    public CompletionStage<SipResponse> sendRequest(OutgoingRequest request) {
        try {
            Request sip = dialog.createRequest(request.method());
            sender.fill(sip, request);
            return sender.sendInDialog(sip, dialog, line).thenApply(event -> dialogs.toResponse(event, line));
        } catch (SipException | java.text.ParseException e) {
            return CompletableFuture.failedFuture(new SipTransportException("cannot send " + request.method() + " in dialog "
                    + callId() + ": " + e.getMessage(), e));
        }
    }

    @Override
    public void sendAck(String contentType, byte[] body) {
        try {
            Request ack = dialog.createAck(inviteCseq);
            sender.fill(ack, new OutgoingRequest(Request.ACK, "", List.of(), contentType, body));
            dialog.sendAck(ack);
        } catch (SipException | InvalidArgumentException | java.text.ParseException e) {
            throw new IllegalStateException("cannot acknowledge dialog " + callId() + ": " + e.getMessage(), e);
        }
    }
}
