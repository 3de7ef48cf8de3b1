package org.secureta.transport.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.secureta.transport.LineConfiguration;
import org.secureta.transport.LinkStatus;
import org.secureta.transport.SipTransportException;

/**
 * The unit's client transactions (RFC 3261 17.1): sending a request, answering a digest
 * challenge to it once ({@link DigestChallenge}), completing with its final response, and the
 * failures: a request that cannot be sent says why in the transport's words (the TLS link's
 * last failure), and a transaction timeout over a persistent link replaces that link, since over
 * TLS no answer at all means a dead connection.
 */
final class ClientTransactions {

    /** What the unit does with responses besides completing the transaction. */
    interface Answers {
        /** A provisional response (1xx) on {@code line}. */
        void provisional(ResponseEvent event, String line);

        /** The final response to a request other than REGISTER (the registrar's answers are the line's own business). */
        void answered(ResponseEvent event, String line);
    }

    private static final System.Logger LOG = System.getLogger(ClientTransactions.class.getName());

    /** A client transaction of ours and what to do with its answer. */
    static final class Pending {
        final CompletableFuture<ResponseEvent> result = new CompletableFuture<>();
        final Optional<LineConfiguration> credentials;
        final Optional<UnitGateway> gateway;
        final SipProvider via;
        final Dialog dialog;
        Request request;
        int answeredChallenges;

        Pending(Request request, Optional<LineConfiguration> credentials, Optional<UnitGateway> gateway, SipProvider via, Dialog dialog) {
            this.request = request;
            this.credentials = credentials;
            this.gateway = gateway;
            this.via = via;
            this.dialog = dialog;
        }

        /** The line it was sent on ("" for none). */
        String line() {
            return credentials.map(LineConfiguration::endpointId).orElse("");
        }
    }

    private final Map<ClientTransaction, Pending> pending = new ConcurrentHashMap<>();
    private final HeaderFactory headers;
    private final UnitStack stack;
    private final Answers answers;
    private volatile boolean closed;

    ClientTransactions(HeaderFactory headers, UnitStack stack, Answers answers) {
        this.headers = headers;
        this.stack = stack;
        this.answers = answers;
    }

    /** Sends {@code request} in a new client transaction (in {@code dialog} if given); completes with its final response. */
    CompletableFuture<ResponseEvent> send(Request request, Optional<LineConfiguration> credentials, Optional<UnitGateway> gateway,
                                          SipProvider through, Dialog dialog) {
        Pending transaction = new Pending(request, credentials, gateway, through, dialog);
        transmit(transaction);
        return transaction.result;
    }

    private void transmit(Pending transaction) {
        if (closed) {
            transaction.result.completeExceptionally(new SipTransportException("the SIP transport is stopped"));
            return;
        }
        try {
            ClientTransaction client = transaction.via.getNewClientTransaction(transaction.request);
            pending.put(client, transaction);
            if (transaction.dialog != null) {
                transaction.dialog.sendRequest(client);
            } else {
                client.sendRequest();
            }
        } catch (SipException | RuntimeException e) {
            pending.values().remove(transaction);
            transaction.result.completeExceptionally(new SipTransportException(sendFailure(transaction, e), e));
        }
    }

    private String sendFailure(Pending transaction, Throwable e) {
        Optional<TlsEndpoint> tls = stack.tls();
        if (tls.isPresent() && transaction.gateway.isPresent()) {
            Optional<LinkStatus> link = Optional.ofNullable(transaction.gateway.get().link).map(PersistentLink::status);
            for (InetSocketAddress remote : remotesOf(transaction.gateway.get())) {
                Optional<String> failure = tls.get().failure(remote);
                if (failure.isPresent()) {
                    return failure.get();
                }
            }
            if (link.isPresent() && !link.get().lastFailure().isEmpty()) {
                return link.get().lastFailure();
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "cannot send " + transaction.request.getMethod() + ": " + (root.getMessage() == null ? root : root.getMessage());
    }

    private static List<InetSocketAddress> remotesOf(UnitGateway gateway) {
        if (gateway.server == null) {
            return List.of();
        }
        try {
            return List.of(new InetSocketAddress(InetAddress.getByName(gateway.server.host()), gateway.server.port()));
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * CANCELs the pending INVITE with {@code callId} (RFC 3261 9.1: same Call-ID, To, From, CSeq
     * number and top Via branch); empty when there is none. The value: the CANCEL's final response and the INVITE's line.
     */
    Optional<Sent> cancel(String callId) throws SipException {
        for (Map.Entry<ClientTransaction, Pending> entry : pending.entrySet()) {
            Pending invite = entry.getValue();
            CallIdHeader id = (CallIdHeader) invite.request.getHeader(CallIdHeader.NAME);
            if (Request.INVITE.equals(invite.request.getMethod()) && invite.dialog == null && id.getCallId().equals(callId)) {
                Pending cancel = new Pending(entry.getKey().createCancel(), Optional.empty(), invite.gateway, invite.via, null);
                transmit(cancel);
                return Optional.of(new Sent(cancel.result, invite.line()));
            }
        }
        return Optional.empty();
    }

    /** A request sent on a line: its final response to come. */
    record Sent(CompletableFuture<ResponseEvent> result, String line) {
    }

    /** A response to one of our transactions: provisional ones are passed on, a challenge answered, a final one completes it. */
    void responseReceived(ResponseEvent event) {
        ClientTransaction client = event.getClientTransaction();
        Response response = event.getResponse();
        Pending transaction = client == null ? null : pending.get(client);
        if (transaction == null) {
            return;
        }
        int code = response.getStatusCode();
        if (code < 200) {
            answers.provisional(event, transaction.line());
            return;
        }
        pending.remove(client);
        if (DigestChallenge.shouldAnswer(transaction.credentials, transaction.answeredChallenges, response)) {
            try {
                transaction.request = DigestChallenge.answer(transaction.request, transaction.credentials.orElseThrow(), response, headers);
                transaction.answeredChallenges++;
                transmit(transaction);
                return;
            } catch (java.text.ParseException | InvalidArgumentException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot answer digest challenge: {0}", e.getMessage());
            }
        }
        if (!Request.REGISTER.equals(transaction.request.getMethod())) {
            answers.answered(event, transaction.line());
        }
        transaction.result.complete(event);
    }

    void timedOut(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        Pending transaction = pending.remove(event.getClientTransaction());
        if (transaction != null) {
            String reason = transaction.gateway.filter(g -> g.server != null).map(g -> "no answer from " + g.server + " (transaction timeout)")
                    .orElse("no answer (transaction timeout)");
            transaction.result.completeExceptionally(new SipTransportException(reason));
            // Over TLS nothing is lost on the way: no answer at all means the connection is dead
            // even if the operating system still calls it open (no FIN or RST came).
            transaction.gateway.map(g -> g.link).ifPresent(link -> link.abandon("no answer to "
                    + transaction.request.getMethod() + " over the link (transaction timeout): connection presumed dead, replaced"));
        }
    }

    void terminated(TransactionTerminatedEvent event) {
        if (!event.isServerTransaction()) {
            pending.remove(event.getClientTransaction());
        }
    }

    /** From now on nothing is sent: every new request fails at once. */
    void close() {
        closed = true;
    }
}
