package org.secureta.transport.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;

import gov.nist.javax.sip.SipStackImpl;

import org.secureta.transport.GatewayConfiguration;
import org.secureta.transport.Transport;
import org.secureta.transport.TransportConfiguration;

/**
 * Opens a unit's JAIN-SIP stack: its properties (our network layer, router, valve, logger and
 * the shared timer), TLS start-up (policy, persistent port, endpoint, SSLContext, key log),
 * the listening point on the unit's port and, with a Host certificate, the TLS server on the
 * first gateway's SecurePort. What JAIN-SIP needs per stack is kept to the connections
 * themselves: one thread per connection that reads and parses (its blocking I/O,
 * {@link UnitMessageProcessorFactory}); accepting, timers and events go to the threads all
 * units share ({@link SharedAcceptor}, {@link UnitThreads}).
 */
final class SipStackFactory {

    private static final System.Logger LOG = System.getLogger(SipStackFactory.class.getName());
    private static final AtomicInteger STACKS = new AtomicInteger();

    private SipStackFactory() {
    }

    /** A name no other stack in this JVM (or another process's trace) has. */
    static String newStackName() {
        return "secureta-" + STACKS.incrementAndGet() + "-" + ProcessHandle.current().pid();
    }

    /**
     * Opens and starts the stack for {@code setup} into {@code unit}; on failure the caller
     * closes {@code unit}, which gives back whatever was opened.
     *
     * @param listener the stack's JAIN-SIP listener (events arrive on the stack's threads)
     */
    static void open(UnitStack unit, SipUnit.Setup setup, List<GatewayConfiguration> gateways, ScheduledExecutorService timer,
                     UnitStatus status, SipListener listener) throws IOException, GeneralSecurityException {
        start(unit, setup, gateways, timer, status, listener);
    }

    private static void start(UnitStack unit, SipUnit.Setup setup, List<GatewayConfiguration> gateways, ScheduledExecutorService timer,
                              UnitStatus status, SipListener listener) throws IOException, GeneralSecurityException {
        TransportConfiguration config = setup.transport();
        unit.localAddress = config.localAddress().isBlank() ? InetAddress.getLocalHost() : InetAddress.getByName(config.localAddress().trim());
        Properties properties = properties(unit.name, config);
        MessageTrace.register(unit.name, new MessageTrace(config.transport(), remote -> securityOf(unit, config, remote), setup.clock(),
                setup.messages(), timer));
        if (config.transport() == Transport.TLS) {
            startTls(unit, setup, timer, status, properties);
        } else {
            // SipEp.Gateway.Port of the first gateway governs the unit (port 0 means 5060).
            int port = gateways.isEmpty() ? 5060 : gateways.get(0).port();
            unit.localPort = port == 0 ? 5060 : port;
        }
        try {
            unit.stack = new SipStackImpl(properties);
            installValve(unit.stack);
            gov.nist.javax.sip.EventScanner first = unit.stack.getEventScanner();
            unit.listeningPoint = unit.stack.createListeningPoint(unit.localAddress.getHostAddress(), unit.localPort, unit.transportParameter());
            unit.provider = unit.stack.createSipProvider(unit.listeningPoint);
            unit.provider.addSipListener(listener);
            if (config.transport() == Transport.TLS) {
                openTlsServer(unit, setup, gateways, status, listener);
            }
            // JAIN-SIP starts an event scanner thread with the stack, and another one when the
            // first listening point re-initialises it, even though with a reentrant listener the
            // scanner only delivers on the caller's thread: end both, once every listening point
            // and provider exists.
            endScannerThread(first, unit.provider);
            if (unit.stack.getEventScanner() != first) {
                endScannerThread(unit.stack.getEventScanner(), unit.provider);
            }
            unit.stack.start();
        } catch (SipException | InvalidArgumentException | java.util.TooManyListenersException e) {
            throw new IOException("cannot open SIP " + config.transport() + " on " + unit.localAddress.getHostAddress() + ":" + unit.localPort
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts the unit's {@link InboundRequestValve} in front of the stack's transaction layer. Not
     * through {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}: jain-sip-ri 1.3.0-91's SipStackImpl
     * constructor sleeps 100 ms before it initialises each valve named there, on the thread that
     * creates the stack, so every unit's start (and every stack of a fleet, one after the other)
     * paid a tenth of a second of nothing (issue 19: an async-profiler wall-clock profile of a
     * start showed it as the one idle gap). The list is the stack's own, public, consulted for
     * every message received; the valve is initialised the way the constructor would.
     */
    static void installValve(SipStackImpl stack) {
        InboundRequestValve valve = new InboundRequestValve();
        valve.init(stack);
        stack.sipMessageValves.add(valve);
    }

    /**
     * Ends an event scanner's thread: it checks its stop flag only between events (jain-sip-ri
     * 1.3.0-91 blocks on its queue), so after the flag it is handed a dialog timeout without a
     * dialog, which it drops (debug log only) because the unit's listener ({@link JainSipEvents})
     * is no SipListenerExt, and then it sees the flag. Its deliverEvent, which the providers call
     * directly with a reentrant listener, still works without the thread.
     */
    private static void endScannerThread(gov.nist.javax.sip.EventScanner scanner, SipProvider provider) {
        scanner.forceStop();
        scanner.addEvent(new gov.nist.javax.sip.EventWrapper(new gov.nist.javax.sip.DialogTimeoutEvent(provider, null,
                gov.nist.javax.sip.DialogTimeoutEvent.Reason.AckNotReceived), null));
    }

    private static Properties properties(String name, TransportConfiguration config) {
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", name);
        properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", JainSipLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", JainSipServerLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.NETWORK_LAYER", UnitNetworkLayer.class.getName());
        properties.setProperty("gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER", NoDefaultsSecurityManagerProvider.class.getName());
        properties.setProperty("javax.sip.ROUTER_PATH", UnitRouter.class.getName());
        // No gov.nist.javax.sip.SIP_MESSAGE_VALVE: see installValve.
        // The NIO processors lose the first request of a TLS client connection: blocking ones,
        // with TLS connections read and parsed on one thread each and no accept thread per
        // listening point (TlsConnectionProcessor).
        properties.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", UnitMessageProcessorFactory.class.getName());
        properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        properties.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        properties.setProperty("gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS", "true");
        // Only JAIN-SIP's self-routing (a request to the stack's own address) uses this pool, made when first needed.
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "4");
        // No timer and no event scanner thread per stack: JAIN-SIP's timers run on the shared
        // timer thread, its events come on the thread that produced them and go on to the
        // unit's serial executor (JainSipEvents).
        properties.setProperty("gov.nist.javax.sip.TIMER_CLASS_NAME", SharedSipTimer.class.getName());
        properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        if (config.transport() != Transport.UDP) {
            // JAIN-SIP's own bound on streams (its parser closes a connection past it): a backstop
            // on the unit's outgoing links. The TLS servers' connections are framed and bounded to
            // maxMessageSize before it by SipStreamScreen; JAIN-SIP's accounting refuses headers
            // past half its bound and a body that merely equals what is left, so it gets twice ours
            // and some, never cutting a message the screen passed.
            properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(2 * config.maxMessageSize() + 4096));
        }
        return properties;
    }

    private static void startTls(UnitStack unit, SipUnit.Setup setup, ScheduledExecutorService timer, UnitStatus status,
                                 Properties properties) throws IOException, GeneralSecurityException {
        TransportConfiguration config = setup.transport();
        Set<String> supported = TlsContexts.supportedCipherSuites();
        TlsPolicy policy = TlsPolicy.of(config.tlsVersion(), config.allowLegacyTls(), config.cipherSuite(), supported);
        policy.warnings().forEach(status::warn);
        unit.localPort = PortAllocator.claim(unit.localAddress, config.persistentBasePort(), config.persistentPortInterval());
        unit.claimedPort = unit.localPort;
        if (unit.localPort != config.persistentBasePort()) {
            LOG.log(System.Logger.Level.INFO, "persistent base port {0} busy or cycled past, using {1}", config.persistentBasePort(), unit.localPort);
        }
        TlsEndpoint tls = new TlsEndpoint(policy, config.clientAuthentication(), unit.localAddress, unit.localPort);
        tls.inbound = new InboundConnections(InboundLimits.of(config), status::post, timer);
        Optional<KeyLog> keyLog = Optional.empty();
        if (!config.tlsKeyLogFile().isBlank()) {
            keyLog = Optional.of(new KeyLog(Path.of(config.tlsKeyLogFile().trim())));
            status.warn("TLS KEY LOG IS ON: session secrets of every TLS connection are written to " + config.tlsKeyLogFile().trim()
                    + "; anyone with this file can decrypt the captured signalling. Turn it off after troubleshooting.");
        }
        tls.useContext(TlsContexts.create(setup.credentials(), tls, keyLog, setup.clock()));
        unit.tls = tls;
        TlsEndpoint.register(unit.name, tls);
        properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", String.join(",", policy.protocols()));
        properties.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",", policy.cipherSuites()));
        properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", config.clientAuthentication() ? "Enabled" : "Disabled");
        LOG.log(System.Logger.Level.INFO, "TLS {0}; local port {1}", policy, Integer.toString(unit.localPort));
    }

    /** The TLS server on the first gateway's SecurePort (port 0: 5061), if the unit has a Host certificate. */
    private static void openTlsServer(UnitStack unit, SipUnit.Setup setup, List<GatewayConfiguration> gateways, UnitStatus status,
                                      SipListener listener) throws SipException, InvalidArgumentException, java.util.TooManyListenersException {
        if (gateways.isEmpty()) {
            return;
        }
        GatewayConfiguration first = gateways.get(0);
        int port = first.securePort() == 0 ? 5061 : first.securePort();
        if (setup.credentials().keyManager() == null) {
            status.warn("no Host certificate: the TLS server on SecurePort " + port + " stays closed");
            return;
        }
        if (port == unit.localPort) {
            return;
        }
        ListeningPoint server = unit.stack.createListeningPoint(unit.localAddress.getHostAddress(), port, "tls");
        SipProvider serverProvider = unit.stack.createSipProvider(server);
        serverProvider.addSipListener(listener);
    }

    /**
     * The verdict of the TLS hop to {@code remote} for the message trace: what was negotiated and
     * the certificate check the server passed (a link is only used once its check passed).
     */
    private static String securityOf(UnitStack unit, TransportConfiguration config, java.net.InetSocketAddress remote) {
        TlsEndpoint tls = unit.tls;
        if (tls == null) {
            return "";
        }
        return tls.negotiated(remote).map(negotiated -> negotiated + " " + config.certificateValidation() + " ok").orElse("");
    }
}
