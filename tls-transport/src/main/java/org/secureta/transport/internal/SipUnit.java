package org.secureta.transport.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.SipURI;
import javax.sip.message.Request;

import gov.nist.javax.sip.DialogExt;
import gov.nist.javax.sip.ListeningPointExt;

import org.secureta.transport.GatewayConfiguration;
import org.secureta.transport.LineConfiguration;
import org.secureta.transport.LinkState;
import org.secureta.transport.LinkStatus;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.RegistrationStatus;
import org.secureta.transport.SipMessageListener;
import org.secureta.transport.SipResponse;
import org.secureta.transport.SipTransport;
import org.secureta.transport.SipTransportException;
import org.secureta.transport.SipTransportListener;
import org.secureta.transport.TlsCredentials;
import org.secureta.transport.Transport;
import org.secureta.transport.TransportConfiguration;
import org.secureta.transport.UnitEvent;

/**
 * The unit's SIP signalling on one JAIN-SIP stack: the listening points, a persistent TLS link
 * per gateway, a registration per line, and the call agent's requests and dialogs. Independent
 * of OSGi: {@link SipTransportComponent} runs it in the framework, tests run it directly.
 *
 * <p>A facade over one class per concept: {@link SipStackFactory} (stack and TLS start-up),
 * {@link UnitLines} (lines and their registrations), {@link SipRequestFactory},
 * {@link ClientTransactions} (sending, digest answers through {@link DigestChallenge}, fail-over
 * of a dead link), {@link UnitDialogs}, {@link UnitSipListener} behind {@link JainSipEvents}
 * (JAIN-SIP's callbacks), {@link UnitStatus} (status and events). Its timers and events run on
 * the threads all units in the JVM share ({@link UnitThreads}).
 */
public final class SipUnit implements SipTransport, AutoCloseable {

    /**
     * Everything a unit is made of. {@code credentials} may be null unless the transport is TLS.
     * {@code clock} is the unit's trusted time (certificate dates, message times); {@code messages}
     * sees every SIP message sent or received.
     */
    public record Setup(TransportConfiguration transport, List<GatewayConfiguration> gateways, List<LineConfiguration> lines,
                        TlsCredentials credentials, UnitEventSink events, Clock clock, SipMessageListener messages) {
        public Setup {
            Objects.requireNonNull(transport, "transport");
            gateways = List.copyOf(gateways);
            lines = List.copyOf(lines);
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(messages, "messages");
        }

        /** On the system clock, with nobody watching the messages. */
        public Setup(TransportConfiguration transport, List<GatewayConfiguration> gateways, List<LineConfiguration> lines,
                     TlsCredentials credentials, UnitEventSink events) {
            this(transport, gateways, lines, credentials, events, Clock.systemUTC(), message -> { });
        }

        public Setup withClock(Clock unitClock) {
            return new Setup(transport, gateways, lines, credentials, events, unitClock, messages);
        }

        public Setup withMessageListener(SipMessageListener listener) {
            return new Setup(transport, gateways, lines, credentials, events, clock, listener);
        }
    }

    /** The guide's syslog line when a link comes up (section 2.6). */
    public static final String LINK_UP_MESSAGE = UnitStatus.LINK_UP_MESSAGE;

    private final Setup setup;
    private final TransportConfiguration config;
    private final String stackName = SipStackFactory.newStackName();
    /** The unit's timers and tasks, on the threads all units share. */
    private final ScheduledExecutorService timer = new UnitScheduler(stackName);
    /** The unit's JAIN-SIP events, in order, on the shared threads (there is no event scanner thread per stack). */
    private final SerialExecutor events = new SerialExecutor(UnitThreads.work(), stackName + "-events");
    private final UnitStatus status;
    private final UnitStack stack;
    private final Map<String, UnitGateway> gateways = new LinkedHashMap<>();
    private final AtomicLong cseqs = new AtomicLong(1);
    /** Spreads retries and reconnections so that units failing together do not come back together. */
    private final java.util.random.RandomGenerator random = new java.security.SecureRandom();
    private final SipRequestFactory requests;
    private final ClientTransactions transactions;
    private final UnitDialogs dialogs;
    private UnitLines lines;
    private volatile boolean closed;

    private SipUnit(Setup setup) {
        this.setup = setup;
        this.config = setup.transport();
        this.status = new UnitStatus(setup.events());
        this.stack = new UnitStack(stackName, config.transport());
        this.requests = new SipRequestFactory(config, stack);
        this.transactions = new ClientTransactions(requests.headers, stack, new ClientTransactions.Answers() {
            @Override
            public void provisional(ResponseEvent event, String line) {
                status.responseReceived(dialogs.toResponse(event, line));
            }

            @Override
            public void answered(ResponseEvent event, String line) {
                status.responseReceived(dialogs.toResponse(event, line));
            }
        });
        this.dialogs = new UnitDialogs(new UnitDialog.Sender() {
            @Override
            public void fill(javax.sip.message.Message message, OutgoingRequest request) throws java.text.ParseException {
                requests.fill(message, request);
            }

            @Override
            public CompletableFuture<ResponseEvent> sendInDialog(Request request, Dialog dialog, String line) {
                SipProvider through = dialog instanceof DialogExt && ((DialogExt) dialog).getSipProvider() != null
                        ? ((DialogExt) dialog).getSipProvider() : stack.provider;
                Optional<LineConfiguration> owner = lines.get(line).map(LineRegistration::config);
                return transactions.send(request, owner, Optional.empty(), through, dialog);
            }
        });
    }

    /**
     * Starts a unit: binds its ports, opens its links and registers its lines (asynchronously;
     * watch the events). Configuration that cannot work fails here with the variable named.
     */
    public static SipUnit start(Setup setup) throws IOException, GeneralSecurityException {
        SipUnit unit = new SipUnit(setup);
        try {
            unit.begin();
            return unit;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            unit.close();
            throw e;
        }
    }

    private void begin() throws IOException, GeneralSecurityException {
        validate();
        RetryPolicy retryPolicy = RetryPolicy.ofSeconds(config.registrationRetryTime(), config.registrationRetryMaxTime());
        for (GatewayConfiguration gateway : setup.gateways()) {
            gateways.put(gateway.name(), UnitGateway.of(gateway, config.transport()));
        }
        lines = new UnitLines(gateways, config, timer, retryPolicy, random, registrar, status, () -> closed);
        UnitSipListener callbacks = new UnitSipListener(transactions, dialogs, lines, requests, status);
        SipStackFactory.open(stack, setup, setup.gateways(), timer, status, new JainSipEvents(callbacks, events));
        // The settings in force are repeated here: this event replaces "Configured" in the status.
        status.post(UnitEvent.of(UnitEvent.TRANSPORT, "transport", config.transport().name(), "state", "Started",
                "address", stack.localAddress.getHostAddress(), "port", Integer.toString(stack.localPort),
                "failbackInterval", Integer.toString(config.failbackInterval()),
                "tlsVersion", config.tlsVersion().name(), "validation", config.certificateValidation().name()));
        setup.lines().forEach(lines::add);
        if (config.transport() == Transport.TLS) {
            for (UnitGateway gateway : gateways.values()) {
                if (gateway.server == null) {
                    continue;
                }
                gateway.link = new PersistentLink(gateway.name(), gateway.server, stack.tls, (ListeningPointExt) stack.listeningPoint,
                        stack.localPort, timer, Duration.ofSeconds(config.failbackInterval()), Duration.ofSeconds(config.keepAliveInterval()),
                        this::linkChanged, gateway.srv ? Optional.of(new SrvResolver(config.dnsServer())) : Optional.empty(), random);
            }
            gateways.values().stream().map(g -> g.link).filter(Objects::nonNull).forEach(PersistentLink::start);
            if (stack.tls != null && stack.tls.inbound != null) {
                stack.tls.inbound.onAdmitted(this::peerConnected);
            }
        } else {
            lines.registerAll();
        }
    }

    /**
     * A peer at {@code address} just connected to the unit's TLS server: it is up, so a link of
     * this unit to a server at that address that is Down (its first attempt found the server not
     * yet listening, as when two units start back to back) tries again now rather than at its next
     * failback. Each link does so at most once per failback interval ({@link PersistentLink#peerConnected}).
     */
    private void peerConnected(java.net.InetAddress address) {
        for (UnitGateway gateway : gateways.values()) {
            PersistentLink link = gateway.link;
            if (link != null) {
                link.peerConnected(address);
            }
        }
    }

    private void validate() {
        if (config.failbackInterval() < 5 || config.failbackInterval() > 3600) {
            throw new IllegalArgumentException("failbackInterval " + config.failbackInterval() + " out of range 5..3600 seconds");
        }
        if (config.persistentBasePort() < 1025 || config.persistentBasePort() > 64535) {
            throw new IllegalArgumentException("persistentBasePort " + config.persistentBasePort() + " out of range 1025..64535");
        }
        int interval = config.persistentPortInterval();
        if (interval != 0 && (interval < 100 || interval > 1000)) {
            throw new IllegalArgumentException("persistentPortInterval " + interval + " invalid: 0, or 100..1000");
        }
        if (config.keepAliveInterval() < 0) {
            throw new IllegalArgumentException("keepAliveInterval " + config.keepAliveInterval() + " is negative");
        }
        if (config.registrationExpires() < 1 || config.registrationExpires() > 86400) {
            throw new IllegalArgumentException("registrationExpires " + config.registrationExpires() + " out of range 1..86400");
        }
        InboundLimits.of(config);
        if (config.registrationRetryTime() < 1 || config.registrationRetryTime() > 3600) {
            throw new IllegalArgumentException("registrationRetryTime " + config.registrationRetryTime() + " out of range 1..3600 seconds");
        }
        if (config.registrationRetryMaxTime() < 1 || config.registrationRetryMaxTime() > 86400) {
            throw new IllegalArgumentException("registrationRetryMaxTime " + config.registrationRetryMaxTime() + " out of range 1..86400 seconds");
        }
        if (config.transport() == Transport.TLS && setup.credentials() == null) {
            throw new IllegalArgumentException("transport TLS needs certificates (TlsCredentials): none supplied");
        }
    }

    /**
     * Applies the lines now configured (SipEp.UserAgent and SipEp.Authentication rows changed at
     * run time): a removed line unregisters; a changed one (user, password, gateway...)
     * unregisters its old binding first and then registers anew, so the registrar never holds
     * the old and the new binding of the same contact at once; a new one registers.
     */
    public void updateLines(List<LineConfiguration> wanted) {
        lines.update(wanted);
    }

    // ---------------------------------------------------------------- links and registrations

    private void linkChanged(PersistentLink link, LinkStatus linkStatus, boolean cameUp, boolean wentDown) {
        status.linkChanged(linkStatus, cameUp);
        if (cameUp) {
            lines.linkUp(link.gateway());
        } else if (wentDown || linkStatus.state() == LinkState.Down) {
            lines.linkDown(link.gateway(), "TLS link to " + linkStatus.remoteHost() + " down: " + linkStatus.lastFailure());
        }
    }

    /** REGISTER for the lines, through the request factory and a client transaction over the line's gateway. */
    private final LineRegistration.Registrar registrar = new LineRegistration.Registrar() {
        @Override
        public CompletionStage<ResponseEvent> register(LineRegistration line, long cseq, int expires) {
            UnitGateway gateway = gateways.get(line.config().gatewayName());
            try {
                Request register = requests.register(line.config(), gateway, line.callId(), cseq, expires);
                return transactions.send(register, Optional.of(line.config()), Optional.of(gateway), stack.provider, null);
            } catch (java.text.ParseException | InvalidArgumentException | RuntimeException e) {
                return CompletableFuture.failedFuture(new SipTransportException("cannot build REGISTER: " + e.getMessage(), e));
            }
        }

        @Override
        public String describeFailure(LineRegistration line, Throwable failure) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            return cause.getMessage() == null ? cause.toString() : cause.getMessage();
        }

        @Override
        public boolean isOurContact(LineRegistration line, SipURI uri) {
            return requests.isOurContact(line.config(), uri);
        }
    };

    // ---------------------------------------------------------------- status and events

    @Override
    public Transport transport() {
        return config.transport();
    }

    @Override
    public List<LinkStatus> links() {
        List<LinkStatus> result = new ArrayList<>();
        gateways.values().stream().filter(g -> g.link != null).forEach(g -> result.add(g.link.status()));
        return result;
    }

    @Override
    public List<RegistrationStatus> registrations() {
        return lines == null ? List.of() : lines.statuses();
    }

    /** The gateways this unit was started with. */
    public List<GatewayConfiguration> gatewayConfigurations() {
        return setup.gateways();
    }

    /** The unit's TLS endpoint (its connections), for tests of this package; empty unless TLS. */
    Optional<TlsEndpoint> tlsEndpoint() {
        return stack.tls();
    }

    /** The local port of the unit's signalling (the persistent port with TLS). */
    public int localPort() {
        return stack.localPort;
    }

    @Override
    public void addListener(SipTransportListener listener) {
        status.addListener(listener);
    }

    @Override
    public void removeListener(SipTransportListener listener) {
        status.removeListener(listener);
    }

    // ---------------------------------------------------------------- the call agent's requests

    @Override
    public CompletionStage<SipResponse> sendRequest(String lineId, OutgoingRequest request) {
        Optional<LineRegistration> line = lines.get(lineId);
        if (line.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown line '" + lineId + "'; configured: " + lines.ids()));
        }
        LineConfiguration config = line.get().config();
        UnitGateway gateway = gateways.get(config.gatewayName());
        if (gateway == null) {
            return CompletableFuture.failedFuture(new SipTransportException("line " + lineId + " has no gateway '" + config.gatewayName() + "'"));
        }
        try {
            Request sip = requests.outOfDialog(request, config, gateway, cseqs.getAndIncrement());
            return transactions.send(sip, Optional.of(config), Optional.of(gateway), stack.provider, null)
                    .thenApply(event -> dialogs.toResponse(event, lineId));
        } catch (java.text.ParseException | InvalidArgumentException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("invalid " + request.method() + " to '"
                    + request.requestUri() + "': " + e.getMessage(), e));
        }
    }

    @Override
    public CompletionStage<SipResponse> cancel(String callId) {
        try {
            return transactions.cancel(callId)
                    .<CompletionStage<SipResponse>>map(sent -> sent.result().thenApply(event -> dialogs.toResponse(event, sent.line())))
                    .orElseGet(() -> CompletableFuture.failedFuture(new SipTransportException("no INVITE pending with Call-ID " + callId)));
        } catch (SipException e) {
            return CompletableFuture.failedFuture(new SipTransportException("cannot cancel " + callId + ": " + e.getMessage(), e));
        }
    }

    // ---------------------------------------------------------------- shutdown

    /** Unregisters the lines (briefly waiting for the answers), closes the links and the stack. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (lines != null) {
            lines.unregisterAll(Duration.ofSeconds(2));
        }
        closed = true;
        transactions.close();
        gateways.values().stream().filter(g -> g.link != null).forEach(g -> g.link.close());
        timer.shutdownNow();
        boolean started = stack.started();
        stack.close();
        if (started) {
            status.post(UnitEvent.of(UnitEvent.TRANSPORT, "transport", config.transport().name(), "state", "Stopped"));
        }
    }
}
