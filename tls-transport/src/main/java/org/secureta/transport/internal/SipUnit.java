package org.secureta.transport.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.DialogExt;
import gov.nist.javax.sip.ListeningPointExt;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.Utils;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.stack.HopImpl;

import org.secureta.transport.GatewayConfiguration;
import org.secureta.transport.IncomingRequest;
import org.secureta.transport.LineConfiguration;
import org.secureta.transport.LinkStatus;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.RegistrationStatus;
import org.secureta.transport.SipDialog;
import org.secureta.transport.SipHeader;
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
 */
public final class SipUnit implements SipTransport, SipListener, AutoCloseable {

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

    private static final System.Logger LOG = System.getLogger(SipUnit.class.getName());
    private static final AtomicInteger STACKS = new AtomicInteger();
    private static final String USER_AGENT = "SecureTA";

    private final Setup setup;
    private final TransportConfiguration config;
    private final String stackName = "secureta-" + STACKS.incrementAndGet() + "-" + ProcessHandle.current().pid();
    private final AddressFactory addresses = new AddressFactoryImpl();
    private final HeaderFactory headers = new HeaderFactoryImpl();
    private final MessageFactory messages = new MessageFactoryImpl();
    private final ScheduledExecutorService timer;
    private final List<SipTransportListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Gateway> gateways = new LinkedHashMap<>();
    /** By endpoint id; lines come and go while the unit runs (configuration changes). */
    private final Map<String, LineRegistration> lines = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<ClientTransaction, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, UnitDialog> dialogs = new ConcurrentHashMap<>();
    private final AtomicLong cseqs = new AtomicLong(1);
    /** Spreads retries and reconnections so that units failing together do not come back together. */
    private final java.util.random.RandomGenerator random = new java.security.SecureRandom();
    private RetryPolicy retryPolicy;

    private InetAddress localAddress;
    private int localPort;
    private int claimedPort = -1;
    private SipStackImpl stack;
    private SipProvider provider;
    private SipProvider serverProvider;
    private ListeningPoint listeningPoint;
    private TlsEndpoint tls;
    private ScheduledFuture<?> linkWatch;
    private volatile boolean closed;

    /** One gateway: its server (where out-of-dialog requests go) and its persistent link. */
    private static final class Gateway {
        final GatewayConfiguration config;
        /** Where out-of-dialog requests go; null for a gateway that only receives (a trunk peer calls us). */
        final ServerAddress server;
        final Optional<ServerAddress> registrar;
        /** The server is configured as domain:0 and found by DNS SRV (RFC 3263 4.2). */
        final boolean srv;
        PersistentLink link;

        Gateway(GatewayConfiguration config, ServerAddress server, Optional<ServerAddress> registrar, boolean srv) {
            this.config = config;
            this.server = server;
            this.registrar = registrar;
            this.srv = srv;
        }
    }

    /** A client transaction of ours and what to do with its answer. */
    private static final class Pending {
        final CompletableFuture<ResponseEvent> result = new CompletableFuture<>();
        final Optional<LineConfiguration> credentials;
        final Optional<Gateway> gateway;
        final SipProvider via;
        final Dialog dialog;
        Request request;
        int answeredChallenges;

        Pending(Request request, Optional<LineConfiguration> credentials, Optional<Gateway> gateway, SipProvider via, Dialog dialog) {
            this.request = request;
            this.credentials = credentials;
            this.gateway = gateway;
            this.via = via;
            this.dialog = dialog;
        }
    }

    private SipUnit(Setup setup) {
        this.setup = setup;
        this.config = setup.transport();
        this.timer = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, stackName + "-timer");
            thread.setDaemon(true);
            return thread;
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
        retryPolicy = RetryPolicy.ofSeconds(config.registrationRetryTime(), config.registrationRetryMaxTime());
        localAddress = config.localAddress().isBlank() ? InetAddress.getLocalHost() : InetAddress.getByName(config.localAddress().trim());
        for (GatewayConfiguration gateway : setup.gateways()) {
            gateways.put(gateway.name(), gatewayOf(gateway));
        }
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", stackName);
        properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", JainSipLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", JainSipServerLogger.class.getName());
        MessageTrace.register(stackName, new MessageTrace(config.transport(), this::securityOf, setup.clock(), setup.messages(), timer));
        properties.setProperty("gov.nist.javax.sip.NETWORK_LAYER", UnitNetworkLayer.class.getName());
        properties.setProperty("javax.sip.ROUTER_PATH", UnitRouter.class.getName());
        properties.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE", InboundRequestValve.class.getName());
        // The NIO processors lose the first request of a TLS client connection: blocking ones.
        properties.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", "gov.nist.javax.sip.stack.OIOMessageProcessorFactory");
        properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        properties.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        properties.setProperty("gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS", "true");
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "4");
        if (config.transport() != Transport.UDP) {
            // JAIN-SIP's own bound on streams (its parser closes a connection past it): a backstop
            // on the unit's outgoing links. The TLS servers' connections are framed and bounded to
            // maxMessageSize before it by SipStreamScreen; JAIN-SIP's accounting refuses headers
            // past half its bound and a body that merely equals what is left, so it gets twice ours
            // and some, never cutting a message the screen passed.
            properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(2 * config.maxMessageSize() + 4096));
        }
        if (config.transport() == Transport.TLS) {
            configureTls(properties);
        } else {
            // SipEp.Gateway.Port of the first gateway governs the unit (port 0 means 5060).
            localPort = gateways.isEmpty() ? 5060 : gateways.values().iterator().next().config.port();
            localPort = localPort == 0 ? 5060 : localPort;
        }
        try {
            stack = new SipStackImpl(properties);
            String transport = config.transport().name().toLowerCase(java.util.Locale.ROOT);
            listeningPoint = stack.createListeningPoint(localAddress.getHostAddress(), localPort, transport);
            provider = stack.createSipProvider(listeningPoint);
            provider.addSipListener(this);
            if (config.transport() == Transport.TLS) {
                openTlsServer();
            }
            stack.start();
        } catch (SipException | InvalidArgumentException | java.util.TooManyListenersException e) {
            throw new IOException("cannot open SIP " + config.transport() + " on " + localAddress.getHostAddress() + ":" + localPort
                    + ": " + e.getMessage(), e);
        }
        // The settings in force are repeated here: this event replaces "Configured" in the status.
        post(UnitEvent.of(UnitEvent.TRANSPORT, "transport", config.transport().name(), "state", "Started",
                "address", localAddress.getHostAddress(), "port", Integer.toString(localPort),
                "failbackInterval", Integer.toString(config.failbackInterval()),
                "tlsVersion", config.tlsVersion().name(), "validation", config.certificateValidation().name()));
        for (LineConfiguration line : setup.lines()) {
            addLine(line);
        }
        if (config.transport() == Transport.TLS) {
            for (Gateway gateway : gateways.values()) {
                if (gateway.server == null) {
                    continue;
                }
                gateway.link = new PersistentLink(gateway.config.name(), gateway.server, tls, (ListeningPointExt) listeningPoint,
                        localPort, timer, Duration.ofSeconds(config.failbackInterval()), Duration.ofSeconds(config.keepAliveInterval()),
                        this::linkChanged, gateway.srv ? Optional.of(new SrvResolver(config.dnsServer())) : Optional.empty(), random);
            }
            List<PersistentLink> links = gateways.values().stream().map(g -> g.link).filter(Objects::nonNull).toList();
            links.forEach(PersistentLink::start);
            linkWatch = timer.scheduleWithFixedDelay(() -> links.forEach(PersistentLink::check), 200, 200, TimeUnit.MILLISECONDS);
        } else {
            lines.values().stream().filter(l -> l.config().register() && l.state() != org.secureta.transport.RegistrationState.ConfigError)
                    .forEach(LineRegistration::registerNow);
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

    private Gateway gatewayOf(GatewayConfiguration gateway) {
        int defaultPort = config.transport() == Transport.TLS ? 5061 : 5060;
        String first = !gateway.outboundProxyHost().isBlank() ? gateway.outboundProxyHost()
                : !gateway.proxyHost().isBlank() ? gateway.proxyHost() : gateway.registrarHost();
        String field = !gateway.outboundProxyHost().isBlank() ? "outboundProxyHost"
                : !gateway.proxyHost().isBlank() ? "proxyHost" : "registrarHost";
        ServerAddress server = first.isBlank() ? null : ServerAddress.parse(first, defaultPort, "gateway " + gateway.name() + " " + field);
        Optional<ServerAddress> registrar = gateway.registrarHost().isBlank() ? Optional.empty()
                : Optional.of(ServerAddress.parse(gateway.registrarHost(), defaultPort, "gateway " + gateway.name() + " registrarHost"));
        boolean srv = config.transport() == Transport.TLS && SrvResolver.wantsSrv(first);
        return new Gateway(gateway, server, registrar, srv);
    }

    private void configureTls(Properties properties) throws IOException, GeneralSecurityException {
        Set<String> supported = new HashSet<>(Arrays.asList(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()));
        TlsPolicy policy = TlsPolicy.of(config.tlsVersion(), config.allowLegacyTls(), config.cipherSuite(), supported);
        for (String warning : policy.warnings()) {
            LOG.log(System.Logger.Level.WARNING, warning);
            post(UnitEvent.of(UnitEvent.ERROR, "source", "tls-transport", "state", "Warning", "message", warning));
        }
        localPort = PortAllocator.claim(localAddress, config.persistentBasePort(), config.persistentPortInterval());
        claimedPort = localPort;
        if (localPort != config.persistentBasePort()) {
            LOG.log(System.Logger.Level.INFO, "persistent base port {0} busy or cycled past, using {1}", config.persistentBasePort(), localPort);
        }
        tls = new TlsEndpoint(policy, config.clientAuthentication(), localAddress, localPort);
        tls.inbound = new InboundConnections(InboundLimits.of(config), this::post, timer);
        tls.inbound.onAdmitted(this::peerConnected);
        Optional<KeyLog> keyLog = Optional.empty();
        if (!config.tlsKeyLogFile().isBlank()) {
            keyLog = Optional.of(new KeyLog(Path.of(config.tlsKeyLogFile().trim())));
            String warning = "TLS KEY LOG IS ON: session secrets of every TLS connection are written to " + config.tlsKeyLogFile().trim()
                    + "; anyone with this file can decrypt the captured signalling. Turn it off after troubleshooting.";
            LOG.log(System.Logger.Level.WARNING, warning);
            post(UnitEvent.of(UnitEvent.ERROR, "source", "tls-transport", "state", "Warning", "message", warning));
        }
        tls.useContext(TlsContexts.create(setup.credentials(), tls, keyLog, setup.clock()));
        TlsEndpoint.register(stackName, tls);
        properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", String.join(",", policy.protocols()));
        properties.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",", policy.cipherSuites()));
        properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", config.clientAuthentication() ? "Enabled" : "Disabled");
        LOG.log(System.Logger.Level.INFO, "TLS {0}; local port {1}", policy, Integer.toString(localPort));
    }

    /** The TLS server on the first gateway's SecurePort (port 0: 5061), if the unit has a Host certificate. */
    private void openTlsServer() throws SipException, InvalidArgumentException, java.util.TooManyListenersException {
        if (gateways.isEmpty()) {
            return;
        }
        GatewayConfiguration first = gateways.values().iterator().next().config;
        int port = first.securePort() == 0 ? 5061 : first.securePort();
        if (setup.credentials().keyManager() == null) {
            String warning = "no Host certificate: the TLS server on SecurePort " + port + " stays closed";
            LOG.log(System.Logger.Level.WARNING, warning);
            post(UnitEvent.of(UnitEvent.ERROR, "source", "tls-transport", "state", "Warning", "message", warning));
            return;
        }
        if (port == localPort) {
            return;
        }
        ListeningPoint server = stack.createListeningPoint(localAddress.getHostAddress(), port, "tls");
        serverProvider = stack.createSipProvider(server);
        serverProvider.addSipListener(this);
    }

    /**
     * Applies the lines now configured (SipEp.UserAgent and SipEp.Authentication rows changed at
     * run time): a removed line unregisters; a changed one (user, password, gateway...)
     * unregisters its old binding first and then registers anew, so the registrar never holds
     * the old and the new binding of the same contact at once; a new one registers.
     */
    public void updateLines(List<LineConfiguration> wanted) {
        Map<String, LineConfiguration> byId = new LinkedHashMap<>();
        wanted.forEach(line -> byId.put(line.endpointId(), line));
        for (LineRegistration current : List.copyOf(lines.values())) {
            LineConfiguration next = byId.get(current.config().endpointId());
            if (next == null || !sameLine(current.config(), next)) {
                lines.remove(current.config().endpointId(), current);
                timer.execute(() -> {
                    unregisterAndWait(current);
                    if (next != null) {
                        startLine(next);
                    }
                });
            }
            byId.remove(current.config().endpointId(), next);
        }
        byId.values().forEach(line -> timer.execute(() -> startLine(line)));
    }

    private void unregisterAndWait(LineRegistration line) {
        line.unregister();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (line.state() == org.secureta.transport.RegistrationState.Unregistering && System.nanoTime() < deadline && !closed) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Adds a line and registers it now if its way to the registrar is open (else when the link comes up). */
    private void startLine(LineConfiguration line) {
        if (closed) {
            return;
        }
        addLine(line);
        LineRegistration registration = lines.get(line.endpointId());
        if (registration == null || !line.register() || registration.state() == org.secureta.transport.RegistrationState.ConfigError) {
            return;
        }
        Gateway gateway = gateways.get(line.gatewayName());
        if (config.transport() != Transport.TLS || (gateway.link != null && gateway.link.isUp())) {
            registration.registerNow();
        }
    }

    private static boolean sameLine(LineConfiguration a, LineConfiguration b) {
        return a.endpointId().equals(b.endpointId()) && a.username().equals(b.username()) && a.friendlyName().equals(b.friendlyName())
                && a.register() == b.register() && a.gatewayName().equals(b.gatewayName()) && a.authUsername().equals(b.authUsername())
                && a.authRealm().equals(b.authRealm()) && a._authPassword().equals(b._authPassword());
    }

    private void addLine(LineConfiguration line) {
        Gateway gateway = gateways.get(line.gatewayName());
        LineRegistration registration = new LineRegistration(line, line.gatewayName(), "reg-" + UUID.randomUUID(), registrar, timer,
                config.registrationExpires(), retryPolicy, random, this::registrationChanged);
        lines.put(line.endpointId(), registration);
        if (gateway == null) {
            registration.configError("unknown gateway '" + line.gatewayName() + "'; configured: " + gateways.keySet());
        } else if (line.register() && gateway.registrar.isEmpty()) {
            registration.configError("gateway " + line.gatewayName() + " has no registrarHost");
        }
    }

    // ---------------------------------------------------------------- status and events

    /** The guide's syslog line when a link comes up (section 2.6). */
    public static final String LINK_UP_MESSAGE = "establishing persistent connection";

    /**
     * A peer at {@code address} just connected to the unit's TLS server: it is up, so a link of
     * this unit to a server at that address that is Down (its first attempt found the server not
     * yet listening, as when two units start back to back) tries again now rather than at its next
     * failback. Each link does so at most once per failback interval ({@link PersistentLink#peerConnected}).
     */
    private void peerConnected(java.net.InetAddress address) {
        for (Gateway gateway : gateways.values()) {
            PersistentLink link = gateway.link;
            if (link != null) {
                link.peerConnected(address);
            }
        }
    }

    private void linkChanged(PersistentLink link, LinkStatus status, boolean cameUp, boolean wentDown) {
        post(status.toEvent(cameUp ? LINK_UP_MESSAGE : ""));
        listeners.forEach(l -> l.linkChanged(status));
        if (cameUp) {
            timer.execute(() -> linesOf(link.gateway()).forEach(LineRegistration::registerNow));
        } else if (wentDown || status.state() == org.secureta.transport.LinkState.Down) {
            String why = "TLS link to " + status.remoteHost() + " down: " + status.lastFailure();
            timer.execute(() -> linesOf(link.gateway()).forEach(l -> l.linkLost(why)));
        }
    }

    /**
     * The verdict of the TLS hop to {@code remote} for the message trace: what was negotiated and
     * the certificate check the server passed (a link is only used once its check passed).
     */
    private String securityOf(java.net.InetSocketAddress remote) {
        if (tls == null) {
            return "";
        }
        return tls.negotiated(remote).map(negotiated -> negotiated + " " + config.certificateValidation() + " ok").orElse("");
    }

    private List<LineRegistration> linesOf(String gateway) {
        List<LineRegistration> result = new ArrayList<>();
        for (LineRegistration line : lines.values()) {
            if (line.config().gatewayName().equals(gateway) && line.config().register()
                    && line.state() != org.secureta.transport.RegistrationState.ConfigError) {
                result.add(line);
            }
        }
        return result;
    }

    private void registrationChanged(RegistrationStatus status) {
        post(status.toEvent());
        listeners.forEach(l -> l.registrationChanged(status));
    }

    private void post(UnitEvent event) {
        try {
            setup.events().post(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot post " + event, e);
        }
    }

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
        List<RegistrationStatus> result = new ArrayList<>();
        lines.values().forEach(l -> result.add(l.status()));
        return result;
    }

    /** The gateways this unit was started with. */
    public List<GatewayConfiguration> gatewayConfigurations() {
        return setup.gateways();
    }

    /** The unit's TLS endpoint (its connections), for tests of this package; empty unless TLS. */
    Optional<TlsEndpoint> tlsEndpoint() {
        return Optional.ofNullable(tls);
    }

    /** The local port of the unit's signalling (the persistent port with TLS). */
    public int localPort() {
        return localPort;
    }

    @Override
    public void addListener(SipTransportListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(SipTransportListener listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- building requests

    private String transportParameter() {
        return config.transport().name().toLowerCase(java.util.Locale.ROOT);
    }

    private SipURI aor(LineConfiguration line, Gateway gateway) throws java.text.ParseException {
        ServerAddress domain = gateway.registrar.orElse(gateway.server != null ? gateway.server
                : new ServerAddress(localAddress.getHostAddress(), localPort));
        SipURI uri = addresses.createSipURI(line.username(), domain.host());
        if (domain.port() != (config.transport() == Transport.TLS ? 5061 : 5060)) {
            uri.setPort(domain.port());
        }
        return uri;
    }

    private ContactHeader contact(LineConfiguration line, boolean withTransport) throws java.text.ParseException {
        SipURI uri = addresses.createSipURI(line.username(), localAddress.getHostAddress());
        uri.setPort(localPort);
        if (withTransport) {
            uri.setTransportParam(transportParameter());
        }
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    private Request newRequest(String method, URI target, LineConfiguration line, Gateway gateway, String callId, long cseq,
                               Address to) throws java.text.ParseException, InvalidArgumentException {
        Address from = addresses.createAddress(aor(line, gateway));
        if (!line.friendlyName().isBlank()) {
            from.setDisplayName(line.friendlyName());
        }
        FromHeader fromHeader = headers.createFromHeader(from, Utils.getInstance().generateTag());
        ToHeader toHeader = headers.createToHeader(to, null);
        ViaHeader via = headers.createViaHeader(localAddress.getHostAddress(), localPort, transportParameter(),
                Utils.getInstance().generateBranchId());
        CallIdHeader callIdHeader = headers.createCallIdHeader(callId);
        CSeqHeader cseqHeader = headers.createCSeqHeader(cseq, method);
        Request request = messages.createRequest(target, method, callIdHeader, cseqHeader, fromHeader, toHeader,
                new ArrayList<>(List.of(via)), headers.createMaxForwardsHeader(70));
        request.addHeader(headers.createUserAgentHeader(List.of(USER_AGENT)));
        if (gateway.server != null) {
            // A server found by SRV is reached at the target the link went to, never by its domain.
            Optional<java.net.InetSocketAddress> linked = gateway.link == null ? Optional.empty() : gateway.link.upTo();
            UnitRouter.table(stackName).put(callId, linked.isPresent() && gateway.srv
                    ? new HopImpl(linked.get().getAddress().getHostAddress(), linked.get().getPort(), transportParameter())
                    : new HopImpl(gateway.server.host(), gateway.server.port(), transportParameter()));
        }
        return request;
    }

    // ---------------------------------------------------------------- registration

    private final LineRegistration.Registrar registrar = new LineRegistration.Registrar() {
        @Override
        public CompletionStage<ResponseEvent> register(LineRegistration line, long cseq, int expires) {
            Gateway gateway = gateways.get(line.config().gatewayName());
            try {
                ServerAddress registrarAddress = gateway.registrar.orElseThrow();
                SipURI target = addresses.createSipURI(null, registrarAddress.host());
                if (registrarAddress.port() != (config.transport() == Transport.TLS ? 5061 : 5060)) {
                    target.setPort(registrarAddress.port());
                }
                Address self = addresses.createAddress(aor(line.config(), gateway));
                Request register = newRequest(Request.REGISTER, target, line.config(), gateway, line.callId(), cseq, self);
                register.addHeader(contact(line.config(), config.registrationTransportParameter()));
                register.addHeader(headers.createExpiresHeader(expires));
                return send(register, Optional.of(line.config()), Optional.of(gateway), provider, null);
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
            int port = uri.getPort() < 0 ? (config.transport() == Transport.TLS ? 5061 : 5060) : uri.getPort();
            return line.config().username().equals(uri.getUser()) && port == localPort
                    && localAddress.getHostAddress().equals(uri.getHost());
        }
    };

    // ---------------------------------------------------------------- sending

    private CompletableFuture<ResponseEvent> send(Request request, Optional<LineConfiguration> credentials, Optional<Gateway> gateway,
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
        if (tls != null && transaction.gateway.isPresent()) {
            Optional<LinkStatus> link = Optional.ofNullable(transaction.gateway.get().link).map(PersistentLink::status);
            for (java.net.InetSocketAddress remote : remotesOf(transaction.gateway.get())) {
                Optional<String> failure = tls.failure(remote);
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

    private List<java.net.InetSocketAddress> remotesOf(Gateway gateway) {
        if (gateway.server == null) {
            return List.of();
        }
        try {
            return List.of(new java.net.InetSocketAddress(InetAddress.getByName(gateway.server.host()), gateway.server.port()));
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public CompletionStage<SipResponse> sendRequest(String lineId, OutgoingRequest request) {
        LineRegistration line = lines.get(lineId);
        if (line == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown line '" + lineId + "'; configured: " + lines.keySet()));
        }
        Gateway gateway = gateways.get(line.config().gatewayName());
        if (gateway == null) {
            return CompletableFuture.failedFuture(new SipTransportException("line " + lineId + " has no gateway '" + line.config().gatewayName() + "'"));
        }
        try {
            URI target = addresses.createURI(request.requestUri());
            Address to = addresses.createAddress(target);
            // A Call-ID chosen by the caller (the call agent, to match provisional responses and CANCEL) is kept.
            String callId = request.headers().stream().filter(h -> h.name().equalsIgnoreCase(CallIdHeader.NAME))
                    .map(SipHeader::value).findFirst().orElse("call-" + UUID.randomUUID());
            Request sip = newRequest(request.method(), target, line.config(), gateway, callId,
                    cseqs.getAndIncrement(), to);
            if (!Request.MESSAGE.equals(request.method())) {
                sip.addHeader(contact(line.config(), config.contactTransportParameter()));
            }
            fill(sip, request);
            String line_ = lineId;
            return send(sip, Optional.of(line.config()), Optional.of(gateway), provider, null)
                    .thenApply(event -> toResponse(event, line_));
        } catch (java.text.ParseException | InvalidArgumentException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("invalid " + request.method() + " to '"
                    + request.requestUri() + "': " + e.getMessage(), e));
        }
    }

    @Override
    public CompletionStage<SipResponse> cancel(String callId) {
        for (Map.Entry<ClientTransaction, Pending> entry : pending.entrySet()) {
            Pending invite = entry.getValue();
            CallIdHeader id = (CallIdHeader) invite.request.getHeader(CallIdHeader.NAME);
            if (Request.INVITE.equals(invite.request.getMethod()) && invite.dialog == null && id.getCallId().equals(callId)) {
                try {
                    // RFC 3261 9.1: same Call-ID, To, From, CSeq number and top Via branch as the INVITE.
                    Pending cancel = new Pending(entry.getKey().createCancel(), Optional.empty(), invite.gateway, invite.via, null);
                    transmit(cancel);
                    String line = lineOf(invite);
                    return cancel.result.thenApply(event -> toResponse(event, line));
                } catch (SipException e) {
                    return CompletableFuture.failedFuture(new SipTransportException("cannot cancel " + callId + ": " + e.getMessage(), e));
                }
            }
        }
        return CompletableFuture.failedFuture(new SipTransportException("no INVITE pending with Call-ID " + callId));
    }

    private void fill(Message message, OutgoingRequest request) throws java.text.ParseException {
        for (SipHeader header : request.headers()) {
            if (header.name().equalsIgnoreCase(CallIdHeader.NAME)) {
                continue;
            }
            message.addHeader(headers.createHeader(header.name(), header.value()));
        }
        if (request.body().length > 0) {
            String[] type = request.contentType().split("/", 2);
            if (type.length != 2) {
                throw new java.text.ParseException("content type '" + request.contentType() + "' is not type/subtype", 0);
            }
            message.setContent(request.body(), headers.createContentTypeHeader(type[0].trim(), type[1].trim()));
        }
    }

    // ---------------------------------------------------------------- JAIN-SIP callbacks

    @Override
    public void processResponse(ResponseEvent event) {
        ClientTransaction client = event.getClientTransaction();
        Response response = event.getResponse();
        Pending transaction = client == null ? null : pending.get(client);
        if (transaction == null) {
            return;
        }
        int code = response.getStatusCode();
        if (code < 200) {
            SipResponse provisional = toResponse(event, lineOf(transaction));
            listeners.forEach(l -> l.responseReceived(provisional));
            return;
        }
        pending.remove(client);
        if ((code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED) && shouldAnswer(transaction, response)) {
            try {
                transaction.request = authorized(transaction, response);
                transaction.answeredChallenges++;
                transmit(transaction);
                return;
            } catch (java.text.ParseException | InvalidArgumentException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot answer digest challenge: {0}", e.getMessage());
            }
        }
        if (!Request.REGISTER.equals(transaction.request.getMethod())) {
            SipResponse answer = toResponse(event, lineOf(transaction));
            listeners.forEach(l -> l.responseReceived(answer));
        }
        transaction.result.complete(event);
    }

    private String lineOf(Pending transaction) {
        return transaction.credentials.map(LineConfiguration::endpointId).orElse("");
    }

    /** One answer per challenge; a second challenge means our credentials were refused, unless the nonce was only stale. */
    private boolean shouldAnswer(Pending transaction, Response response) {
        if (transaction.credentials.isEmpty() || transaction.credentials.get()._authPassword().isEmpty()) {
            return false;
        }
        WWWAuthenticateHeader challenge = challengeOf(response);
        if (challenge == null) {
            return false;
        }
        return transaction.answeredChallenges == 0 || (challenge.isStale() && transaction.answeredChallenges < 2);
    }

    private static WWWAuthenticateHeader challengeOf(Response response) {
        Header header = response.getStatusCode() == Response.UNAUTHORIZED
                ? response.getHeader(WWWAuthenticateHeader.NAME) : response.getHeader(ProxyAuthenticateHeader.NAME);
        return header instanceof WWWAuthenticateHeader ? (WWWAuthenticateHeader) header : null;
    }

    private Request authorized(Pending transaction, Response response) throws java.text.ParseException, InvalidArgumentException {
        LineConfiguration line = transaction.credentials.orElseThrow();
        WWWAuthenticateHeader challenge = challengeOf(response);
        Request request = (Request) transaction.request.clone();
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        cseq.setSeqNumber(cseq.getSeqNumber() + 1);
        ((ViaHeader) request.getHeader(ViaHeader.NAME)).setBranch(Utils.getInstance().generateBranchId());
        String username = line.authUsername().isBlank() ? line.username() : line.authUsername();
        if (!line.authRealm().isBlank() && !line.authRealm().equals(challenge.getRealm())) {
            throw new IllegalArgumentException("challenge realm '" + challenge.getRealm() + "' is not the configured authRealm");
        }
        String uri = request.getRequestURI().toString();
        DigestAuthenticator.Answer answer = DigestAuthenticator.answer(new DigestAuthenticator.Challenge(challenge.getRealm(),
                        challenge.getNonce(), challenge.getOpaque(), challenge.getAlgorithm(), challenge.getQop(), challenge.isStale()),
                username, line._authPassword(), request.getMethod(), uri, 1);
        boolean proxy = response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        AuthorizationHeader authorization = proxy ? headers.createProxyAuthorizationHeader("Digest")
                : headers.createAuthorizationHeader("Digest");
        authorization.setUsername(answer.username());
        authorization.setRealm(answer.realm());
        authorization.setNonce(answer.nonce());
        authorization.setURI(request.getRequestURI());
        authorization.setResponse(answer.response());
        authorization.setAlgorithm(answer.algorithm());
        if (answer.opaque() != null) {
            authorization.setOpaque(answer.opaque());
        }
        if (answer.qop() != null) {
            authorization.setQop(answer.qop());
            authorization.setNonceCount(Integer.parseInt(answer.nonceCount(), 16));
            authorization.setCNonce(answer.cnonce());
        }
        request.removeHeader(proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME);
        request.addHeader(authorization);
        return request;
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
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

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.log(System.Logger.Level.DEBUG, "I/O error towards {0}:{1}/{2}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        if (!event.isServerTransaction()) {
            pending.remove(event.getClientTransaction());
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        dialogs.remove(event.getDialog().getDialogId() == null ? "" : event.getDialog().getDialogId());
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
        Incoming incoming = new Incoming(request, server, source, event.getDialog());
        Optional<RequestScreening.Refusal> refusal = RequestScreening.refusalOf(request);
        if (refusal.isPresent()) {
            incoming.refuse(refusal.get());
            return;
        }
        if (Request.OPTIONS.equals(request.getMethod())) {
            incoming.respond(200, "OK");
            return;
        }
        if (listeners.isEmpty()) {
            if (!Request.ACK.equals(request.getMethod())) {
                incoming.respond(480, "Temporarily Unavailable");
            }
            return;
        }
        listeners.forEach(l -> l.requestReceived(incoming));
    }

    // ---------------------------------------------------------------- messages for the call agent

    private static List<SipHeader> headersOf(Message message) {
        List<SipHeader> result = new ArrayList<>();
        Iterator<?> names = message.getHeaderNames();
        while (names.hasNext()) {
            String name = (String) names.next();
            ListIterator<?> values = message.getHeaders(name);
            while (values.hasNext()) {
                Object header = values.next();
                String value = header instanceof SIPHeader ? ((SIPHeader) header).getHeaderValue() : header.toString();
                result.add(new SipHeader(name, value == null ? "" : value.trim()));
            }
        }
        return result;
    }

    private static String contentTypeOf(Message message) {
        ContentTypeHeader type = (ContentTypeHeader) message.getHeader(ContentTypeHeader.NAME);
        return type == null ? "" : type.getContentType() + "/" + type.getContentSubType();
    }

    private static byte[] bodyOf(Message message) {
        byte[] raw = message.getRawContent();
        return raw == null ? new byte[0] : raw;
    }

    private SipResponse toResponse(ResponseEvent event, String line) {
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
                headersOf(response), contentTypeOf(response), bodyOf(response), dialog);
    }

    private UnitDialog dialogOf(Dialog dialog, String line) {
        String id = dialog.getDialogId();
        if (id == null) {
            return new UnitDialog(dialog, line);
        }
        return dialogs.computeIfAbsent(id, key -> new UnitDialog(dialog, line));
    }

    private Optional<String> lineAddressedBy(Request request) {
        if (request.getRequestURI() instanceof SipURI) {
            String user = ((SipURI) request.getRequestURI()).getUser();
            for (LineRegistration line : lines.values()) {
                if (line.config().username().equals(user)) {
                    return Optional.of(line.config().endpointId());
                }
            }
        }
        return Optional.empty();
    }

    /** A dialog handle for the call agent. */
    private final class UnitDialog implements SipDialog {
        private final Dialog dialog;
        private final String line;
        volatile long inviteCseq;

        UnitDialog(Dialog dialog, String line) {
            this.dialog = dialog;
            this.line = line;
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
                fill(sip, request);
                SipProvider through = dialog instanceof DialogExt && ((DialogExt) dialog).getSipProvider() != null
                        ? ((DialogExt) dialog).getSipProvider() : provider;
                LineRegistration owner = lines.get(line);
                return send(sip, Optional.ofNullable(owner).map(LineRegistration::config), Optional.empty(), through, dialog)
                        .thenApply(event -> toResponse(event, line));
            } catch (SipException | java.text.ParseException e) {
                return CompletableFuture.failedFuture(new SipTransportException("cannot send " + request.method() + " in dialog "
                        + callId() + ": " + e.getMessage(), e));
            }
        }

        @Override
        public void sendAck(String contentType, byte[] body) {
            try {
                Request ack = dialog.createAck(inviteCseq);
                fill(ack, new OutgoingRequest(Request.ACK, "", List.of(), contentType, body));
                dialog.sendAck(ack);
            } catch (SipException | InvalidArgumentException | java.text.ParseException e) {
                throw new IllegalStateException("cannot acknowledge dialog " + callId() + ": " + e.getMessage(), e);
            }
        }
    }

    /** A request received, answered through its server transaction. */
    private final class Incoming implements IncomingRequest {
        private final Request request;
        private final ServerTransaction server;
        private final SipProvider source;
        private final Dialog dialog;
        private final String toTag = Utils.getInstance().generateTag();

        Incoming(Request request, ServerTransaction server, SipProvider source, Dialog dialog) {
            this.request = request;
            this.server = server;
            this.source = source;
            this.dialog = dialog != null ? dialog : server == null ? null : server.getDialog();
        }

        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String requestUri() {
            return request.getRequestURI().toString();
        }

        @Override
        public String callId() {
            return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        }

        @Override
        public Optional<String> line() {
            return lineAddressedBy(request);
        }

        @Override
        public List<SipHeader> headers() {
            return headersOf(request);
        }

        @Override
        public String contentType() {
            return contentTypeOf(request);
        }

        @Override
        public byte[] body() {
            return bodyOf(request).clone();
        }

        @Override
        public Optional<SipDialog> dialog() {
            Dialog current = server != null && server.getDialog() != null ? server.getDialog() : dialog;
            if (current == null || current.getDialogId() == null) {
                return Optional.empty();
            }
            return Optional.of(dialogOf(current, line().orElse("")));
        }

        @Override
        public Transport transport() {
            ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
            return Transport.valueOf(via.getTransport().toUpperCase(java.util.Locale.ROOT));
        }

        /** Answers with a screening refusal and the header fields it carries. */
        void refuse(RequestScreening.Refusal refusal) {
            LOG.log(System.Logger.Level.INFO, "{0} {1} refused: {2} {3}", request.getMethod(), request.getRequestURI(),
                    refusal.code(), refusal.reason());
            // One field per value: JAIN-SIP's header factory takes no comma lists.
            List<SipHeader> extra = refusal.headers().stream().map(h -> h.split(":", 2))
                    .flatMap(h -> Arrays.stream(h[1].split(",")).map(v -> new SipHeader(h[0].trim(), v.trim()))).toList();
            answer(refusal.code(), refusal.reason(), extra, "", new byte[0]);
        }

        @Override
        public void respond(int statusCode, String reasonPhrase, String contentType, byte[] body) {
            // RFC 3261 20.5: a 405 MUST list the allowed methods; a 200 to OPTIONS SHOULD (11.2).
            boolean allow = statusCode == 405 || (statusCode == 200 && Request.OPTIONS.equals(request.getMethod()));
            List<SipHeader> extra = allow ? Arrays.stream(RequestScreening.ALLOW.split(","))
                    .map(m -> new SipHeader("Allow", m.trim())).toList() : List.of();
            answer(statusCode, reasonPhrase, extra, contentType, body);
        }

        private void answer(int statusCode, String reasonPhrase, List<SipHeader> extra, String contentType, byte[] body) {
            if (server == null) {
                throw new IllegalStateException(request.getMethod() + " is never answered");
            }
            try {
                Response response = messages.createResponse(statusCode, request);
                response.setReasonPhrase(reasonPhrase);
                ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
                if (statusCode > 100 && to.getTag() == null) {
                    to.setTag(toTag);
                }
                if (statusCode >= 200 && statusCode < 300 && (Request.INVITE.equals(request.getMethod())
                        || Request.SUBSCRIBE.equals(request.getMethod()))) {
                    String user = ((SipURI) request.getRequestURI()).getUser();
                    SipURI uri = addresses.createSipURI(user, localAddress.getHostAddress());
                    uri.setPort(((ListeningPointExt) source.getListeningPoints()[0]).getPort());
                    if (config.contactTransportParameter()) {
                        uri.setTransportParam(transportParameter());
                    }
                    response.addHeader(headers.createContactHeader(addresses.createAddress(uri)));
                }
                fill(response, new OutgoingRequest("RESPONSE", "", extra, contentType, body));
                server.sendResponse(response);
            } catch (SipException | InvalidArgumentException | java.text.ParseException e) {
                throw new IllegalStateException("cannot answer " + request.getMethod() + " with " + statusCode + ": " + e.getMessage(), e);
            }
        }
    }

    // ---------------------------------------------------------------- shutdown

    /** Unregisters the lines (briefly waiting for the answers), closes the links and the stack. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (LineRegistration line : lines.values()) {
            line.unregister();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline && lines.values().stream()
                .anyMatch(l -> l.state() == org.secureta.transport.RegistrationState.Unregistering)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closed = true;
        if (linkWatch != null) {
            linkWatch.cancel(false);
        }
        gateways.values().stream().filter(g -> g.link != null).forEach(g -> g.link.close());
        timer.shutdownNow();
        if (stack != null) {
            stack.stop();
        }
        TlsEndpoint.unregister(stackName);
        MessageTrace.unregister(stackName);
        UnitRouter.forget(stackName);
        if (claimedPort >= 0) {
            PortAllocator.release(claimedPort);
        }
        if (stack != null) {
            post(UnitEvent.of(UnitEvent.TRANSPORT, "transport", config.transport().name(), "state", "Stopped"));
        }
    }
}
