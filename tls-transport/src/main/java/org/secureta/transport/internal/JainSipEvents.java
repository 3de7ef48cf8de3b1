package org.secureta.transport.internal;

import java.util.concurrent.Executor;

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
 * The JAIN-SIP listener of a unit's stack, run with {@code gov.nist.javax.sip.REENTRANT_LISTENER}
 * (events come on the thread that produced them: a connection's reader, the shared timer) so
 * that no stack needs an event scanner thread of its own. Nothing here runs the unit's code on
 * those threads: every event goes on, in order, to the unit's {@link SerialExecutor}, as the
 * scanner thread delivered them. Only a new request's server transaction is made at once,
 * while JAIN-SIP still holds the request as pending, so that a retransmission arriving
 * meanwhile is absorbed by the transaction (RFC 3261 17.2.3) instead of reaching the unit twice.
 */
final class JainSipEvents implements SipListener {

    private static final System.Logger LOG = System.getLogger(JainSipEvents.class.getName());

    private final SipListener unit;
    private final Executor events;

    JainSipEvents(SipListener unit, Executor events) {
        this.unit = unit;
        this.events = events;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        ServerTransaction server = event.getServerTransaction();
        if (!Request.ACK.equals(request.getMethod()) && server == null) {
            SipProvider source = (SipProvider) event.getSource();
            try {
                server = source.getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException retransmission) {
                return;
            } catch (SipException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot handle incoming {0}: {1}", request.getMethod(), e.getMessage());
                return;
            }
        }
        RequestEvent withTransaction = new RequestEvent(event.getSource(), server, event.getDialog(), request);
        events.execute(() -> unit.processRequest(withTransaction));
    }

    @Override
    public void processResponse(ResponseEvent event) {
        events.execute(() -> unit.processResponse(event));
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        events.execute(() -> unit.processTimeout(event));
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        events.execute(() -> unit.processIOException(event));
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        events.execute(() -> unit.processTransactionTerminated(event));
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        events.execute(() -> unit.processDialogTerminated(event));
    }
}
