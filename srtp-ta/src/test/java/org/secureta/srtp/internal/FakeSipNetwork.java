package org.secureta.srtp.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.secureta.transport.IncomingRequest;
import org.secureta.transport.LinkStatus;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.RegistrationStatus;
import org.secureta.transport.SipDialog;
import org.secureta.transport.SipHeader;
import org.secureta.transport.SipResponse;
import org.secureta.transport.SipTransport;
import org.secureta.transport.SipTransportListener;
import org.secureta.transport.Transport;

/**
 * Two {@link SipTransport}s wired back to back in memory, without Kamailio or sockets: what one
 * sends the other receives, on its own delivery thread (as a transport's threads would call the
 * agent), and each response completes the sender's stage. A call agent listens on either end; a
 * test can also drive an end itself and play a hostile peer (never ACK, odd SDP).
 */
final class FakeSipNetwork implements AutoCloseable {

    final End a;
    final End b;
    private final ExecutorService responses = Executors.newCachedThreadPool(r -> daemon(r, "fake-sip-responses"));

    FakeSipNetwork(Transport transport) {
        a = new End("a", transport);
        b = new End("b", transport);
        a.other = b;
        b.other = a;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        a.deliveries.shutdownNow();
        b.deliveries.shutdownNow();
        responses.shutdownNow();
    }

    /** A request one end received, as a test sees it. */
    record Received(String method, String callId, byte[] body, Incoming request) {
    }

    /** One side of the network: a SIP transport with a single line {@code 1}. */
    final class End implements SipTransport {
        private final String name;
        private final Transport transport;
        private final List<SipTransportListener> listeners = new CopyOnWriteArrayList<>();
        private final ExecutorService deliveries;
        /** Every request this end received (also those its listeners answered). */
        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        /** Hostile peer: this end never sends ACK. */
        final AtomicBoolean dropAcks = new AtomicBoolean();
        /** The line the other end's requests arrive on, as a registrar would route them. */
        volatile String line = "1";
        End other;

        End(String name, Transport transport) {
            this.name = name;
            this.transport = transport;
            this.deliveries = Executors.newSingleThreadExecutor(r -> daemon(r, "fake-sip-" + name));
        }

        @Override
        public Transport transport() {
            return transport;
        }

        @Override
        public CompletionStage<SipResponse> sendRequest(String fromLine, OutgoingRequest request) {
            String callId = request.headers().stream().filter(h -> h.name().equalsIgnoreCase("Call-ID")).map(SipHeader::value)
                    .findFirst().orElse("fake-" + UUID.randomUUID());
            return send(request, callId);
        }

        CompletionStage<SipResponse> send(OutgoingRequest request, String callId) {
            CompletableFuture<SipResponse> answer = new CompletableFuture<>();
            other.deliver(new Incoming(request, callId, other, this, answer));
            return answer;
        }

        @Override
        public CompletionStage<SipResponse> cancel(String callId) {
            return send(OutgoingRequest.of("CANCEL", "sip:fake"), callId);
        }

        void deliver(Incoming request) {
            deliveries.execute(() -> {
                received.add(new Received(request.method(), request.callId(), request.body(), request));
                for (SipTransportListener l : listeners) {
                    l.requestReceived(request);
                }
            });
        }

        /** Waits for a request of {@code method} this end received. */
        Received await(String method, long seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                Received r = received.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (r == null) {
                    throw new AssertionError("no " + method + " at " + name + " within " + seconds + " s");
                }
                if (r.method().equals(method)) {
                    return r;
                }
            }
        }

        @Override
        public List<LinkStatus> links() {
            return List.of();
        }

        @Override
        public List<RegistrationStatus> registrations() {
            return List.of();
        }

        @Override
        public void addListener(SipTransportListener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(SipTransportListener listener) {
            listeners.remove(listener);
        }

        @Override
        public String toString() {
            return "FakeSipNetwork.End[" + name + "]";
        }
    }

    /** A dialog between two ends: requests go to the remote end, with the dialog seen from there. */
    final class Dialog implements SipDialog {
        private final End self;
        private final End remote;
        private final String callId;

        Dialog(End self, End remote, String callId) {
            this.self = self;
            this.remote = remote;
            this.callId = callId;
        }

        @Override
        public String callId() {
            return callId;
        }

        @Override
        public String localTag() {
            return self.name;
        }

        @Override
        public String remoteTag() {
            return remote.name;
        }

        @Override
        public String line() {
            return "1";
        }

        @Override
        public CompletionStage<SipResponse> sendRequest(OutgoingRequest request) {
            return self.send(request, callId);
        }

        @Override
        public void sendAck(String contentType, byte[] body) {
            if (!self.dropAcks.get()) {
                self.send(OutgoingRequest.of("ACK", "sip:fake").withBody(contentType.isEmpty() && body.length == 0 ? "" : contentType, body),
                        callId);
            }
        }
    }

    /** A request as the receiving end sees it; its answer completes the sender's stage. */
    final class Incoming implements IncomingRequest {
        private final OutgoingRequest request;
        private final String callId;
        private final End receiver;
        private final End sender;
        private final CompletableFuture<SipResponse> answer;

        Incoming(OutgoingRequest request, String callId, End receiver, End sender, CompletableFuture<SipResponse> answer) {
            this.request = request;
            this.callId = callId;
            this.receiver = receiver;
            this.sender = sender;
            this.answer = answer;
        }

        @Override
        public String method() {
            return request.method();
        }

        @Override
        public String requestUri() {
            return request.requestUri();
        }

        @Override
        public String callId() {
            return callId;
        }

        @Override
        public Optional<String> line() {
            return Optional.of(receiver.line);
        }

        @Override
        public List<SipHeader> headers() {
            return List.of(new SipHeader("From", "<sip:" + sender.name + "@fake.test>;tag=" + sender.name),
                    new SipHeader("Call-ID", callId));
        }

        @Override
        public String contentType() {
            return request.contentType();
        }

        @Override
        public byte[] body() {
            return request.body();
        }

        @Override
        public Optional<SipDialog> dialog() {
            return Optional.of(new Dialog(receiver, sender, callId));
        }

        @Override
        public Transport transport() {
            return receiver.transport;
        }

        @Override
        public void respond(int statusCode, String reasonPhrase, String contentType, byte[] body) {
            if (method().equals("ACK")) {
                return;
            }
            Optional<SipDialog> dialog = statusCode >= 200 && statusCode < 300 ? Optional.of(new Dialog(sender, receiver, callId))
                    : Optional.empty();
            SipResponse response = new SipResponse(statusCode, reasonPhrase, method(), callId, List.of(), contentType, body, dialog);
            responses.execute(() -> {
                if (statusCode < 200) {
                    for (SipTransportListener l : sender.listeners) {
                        l.responseReceived(response);
                    }
                } else {
                    for (SipTransportListener l : sender.listeners) {
                        l.responseReceived(response);
                    }
                    answer.complete(response);
                }
            });
        }
    }
}
