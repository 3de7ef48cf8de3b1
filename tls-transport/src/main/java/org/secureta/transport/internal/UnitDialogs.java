package org.secureta.transport.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.ResponseEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.secureta.transport.SipDialog;
import org.secureta.transport.SipResponse;

/**
 * The dialogs the call agent holds (RFC 3261 12), by JAIN-SIP dialog id: one {@link UnitDialog}
 * per dialog, made when a 2xx to INVITE arrives or a request in a dialog is received, dropped
 * when JAIN-SIP ends the dialog; and responses as the call agent sees them, with their dialog.
 */
final class UnitDialogs {

    private final Map<String, UnitDialog> dialogs = new ConcurrentHashMap<>();
    private final UnitDialog.Sender sender;

    UnitDialogs(UnitDialog.Sender sender) {
        this.sender = sender;
    }

    SipResponse toResponse(ResponseEvent event, String line) {
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        CallIdHeader callId = (CallIdHeader) response.getHeader(CallIdHeader.NAME);
        Optional<SipDialog> dialog = Optional.empty();
        Dialog jain = event.getDialog();
        if (jain != null && response.getStatusCode() >= 200 && response.getStatusCode() < 300 && Request.INVITE.equals(cseq.getMethod())) {
            UnitDialog wrapped = dialogOf(jain, line);
            wrapped.inviteCseq = cseq.getSeqNumber();
            dialog = Optional.of(wrapped);
        } else if (jain != null && jain.getDialogId() != null && dialogs.containsKey(jain.getDialogId())) {
            dialog = Optional.of(dialogs.get(jain.getDialogId()));
        }
        return new SipResponse(response.getStatusCode(), response.getReasonPhrase(), cseq.getMethod(), callId.getCallId(),
                SipMessages.headersOf(response), SipMessages.contentTypeOf(response), SipMessages.bodyOf(response), dialog);
    }

    UnitDialog dialogOf(Dialog dialog, String line) {
        String id = dialog.getDialogId();
        if (id == null) {
            return new UnitDialog(dialog, line, sender, this);
        }
        return dialogs.computeIfAbsent(id, key -> new UnitDialog(dialog, line, sender, this));
    }

    void terminated(DialogTerminatedEvent event) {
        dialogs.remove(event.getDialog().getDialogId() == null ? "" : event.getDialog().getDialogId());
    }
}
