package org.secureta.transport.internal;

import java.util.Optional;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.message.Request;

/**
 * What a unit does with JAIN-SIP's events (delivered in order by {@link JainSipEvents}):
 * responses and timeouts go to the {@link ClientTransactions}, ended dialogs to the
 * {@link UnitDialogs}, and a received request is screened ({@link RequestScreening}), OPTIONS
 * answered by the unit itself, anything else handed to the call agent, or refused with 480 when
 * no call agent listens.
 */
final class UnitSipListener implements SipListener {

    private static final System.Logger LOG = System.getLogger(UnitSipListener.class.getName());

    private final ClientTransactions transactions;
    private final UnitDialogs dialogs;
    private final UnitLines lines;
    private final SipRequestFactory factory;
    private final UnitStatus status;

    UnitSipListener(ClientTransactions transactions, UnitDialogs dialogs, UnitLines lines, SipRequestFactory factory, UnitStatus status) {
        this.transactions = transactions;
        this.dialogs = dialogs;
        this.lines = lines;
        this.factory = factory;
        this.status = status;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        SipProvider source = (SipProvider) event.getSource();
        ServerTransaction server = event.getServerTransaction();
        if (!Request.ACK.equals(request.getMethod()) && server == null) {
            try {
                server = source.getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException retransmission) {
                return;
            } catch (SipException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot handle incoming {0}: {1}", request.getMethod(), e.getMessage());
                return;
            }
        }
        IncomingSipRequest incoming = new IncomingSipRequest(request, server, source, event.getDialog(), factory, dialogs, lines::addressedBy);
        Optional<RequestScreening.Refusal> refusal = RequestScreening.refusalOf(request);
        if (refusal.isPresent()) {
            incoming.refuse(refusal.get());
            return;
        }
        if (Request.OPTIONS.equals(request.getMethod())) {
            incoming.respond(200, "OK");
            return;
        }
        if (!status.requestReceived(incoming) && !Request.ACK.equals(request.getMethod())) {
            incoming.respond(480, "Temporarily Unavailable");
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        transactions.responseReceived(event);
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        transactions.timedOut(event);
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.log(System.Logger.Level.DEBUG, "I/O error towards {0}:{1}/{2}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        transactions.terminated(event);
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        dialogs.terminated(event);
    }
}
