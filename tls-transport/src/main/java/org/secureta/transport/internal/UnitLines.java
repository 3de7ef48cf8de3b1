package org.secureta.transport.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.sip.address.SipURI;
import javax.sip.message.Request;

import org.secureta.transport.LineConfiguration;
import org.secureta.transport.RegistrationState;
import org.secureta.transport.RegistrationStatus;
import org.secureta.transport.Transport;
import org.secureta.transport.TransportConfiguration;

/**
 * A unit's lines (SipEp.UserAgent rows) by endpoint id, each with its {@link LineRegistration}:
 * added at start, changed while the unit runs, registered when the way to their registrar opens
 * and told when it closes, unregistered when removed or when the unit stops.
 */
final class UnitLines {

    private final Map<String, LineRegistration> lines = new ConcurrentSkipListMap<>();
    private final Map<String, UnitGateway> gateways;
    private final TransportConfiguration config;
    private final ScheduledExecutorService timer;
    private final RetryPolicy retryPolicy;
    private final java.util.random.RandomGenerator random;
    private final LineRegistration.Registrar registrar;
    private final UnitStatus status;
    private final BooleanSupplier closed;

    UnitLines(Map<String, UnitGateway> gateways, TransportConfiguration config, ScheduledExecutorService timer, RetryPolicy retryPolicy,
              java.util.random.RandomGenerator random, LineRegistration.Registrar registrar, UnitStatus status, BooleanSupplier closed) {
        this.gateways = gateways;
        this.config = config;
        this.timer = timer;
        this.retryPolicy = retryPolicy;
        this.random = random;
        this.registrar = registrar;
        this.status = status;
        this.closed = closed;
    }

    Optional<LineRegistration> get(String endpointId) {
        return Optional.ofNullable(lines.get(endpointId));
    }

    Set<String> ids() {
        return lines.keySet();
    }

    List<RegistrationStatus> statuses() {
        List<RegistrationStatus> result = new ArrayList<>();
        lines.values().forEach(l -> result.add(l.status()));
        return result;
    }

    /** Adds a line; one that cannot register as configured gets its ConfigError at once. */
    void add(LineConfiguration line) {
        UnitGateway gateway = gateways.get(line.gatewayName());
        LineRegistration registration = new LineRegistration(line, line.gatewayName(), "reg-" + UUID.randomUUID(), registrar, timer,
                config.registrationExpires(), retryPolicy, random, status::registrationChanged);
        lines.put(line.endpointId(), registration);
        if (gateway == null) {
            registration.configError("unknown gateway '" + line.gatewayName() + "'; configured: " + gateways.keySet());
        } else if (line.register() && gateway.registrar.isEmpty()) {
            registration.configError("gateway " + line.gatewayName() + " has no registrarHost");
        }
    }

    /** Registers every line that registers now (transports without a persistent link to wait for). */
    void registerAll() {
        lines.values().stream().filter(l -> l.config().register() && l.state() != RegistrationState.ConfigError)
                .forEach(LineRegistration::registerNow);
    }

    /**
     * Applies the lines now configured (SipEp.UserAgent and SipEp.Authentication rows changed at
     * run time): a removed line unregisters; a changed one (user, password, gateway...)
     * unregisters its old binding first and then registers anew, so the registrar never holds
     * the old and the new binding of the same contact at once; a new one registers.
     */
    void update(List<LineConfiguration> wanted) {
        Map<String, LineConfiguration> byId = new LinkedHashMap<>();
        wanted.forEach(line -> byId.put(line.endpointId(), line));
        for (LineRegistration current : List.copyOf(lines.values())) {
            LineConfiguration next = byId.get(current.config().endpointId());
            if (next == null || !sameLine(current.config(), next)) {
                lines.remove(current.config().endpointId(), current);
                timer.execute(() -> {
                    unregisterAndWait(current);
                    if (next != null) {
                        start(next);
                    }
                });
            }
            byId.remove(current.config().endpointId(), next);
        }
        byId.values().forEach(line -> timer.execute(() -> start(line)));
    }

    private void unregisterAndWait(LineRegistration line) {
        line.unregister();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (line.state() == RegistrationState.Unregistering && System.nanoTime() < deadline && !closed.getAsBoolean()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Adds a line and registers it now if its way to the registrar is open (else when the link comes up). */
    private void start(LineConfiguration line) {
        if (closed.getAsBoolean()) {
            return;
        }
        add(line);
        LineRegistration registration = lines.get(line.endpointId());
        if (registration == null || !line.register() || registration.state() == RegistrationState.ConfigError) {
            return;
        }
        UnitGateway gateway = gateways.get(line.gatewayName());
        if (config.transport() != Transport.TLS || gateway.linkUp()) {
            registration.registerNow();
        }
    }

    private static boolean sameLine(LineConfiguration a, LineConfiguration b) {
        return a.endpointId().equals(b.endpointId()) && a.username().equals(b.username()) && a.friendlyName().equals(b.friendlyName())
                && a.register() == b.register() && a.gatewayName().equals(b.gatewayName()) && a.authUsername().equals(b.authUsername())
                && a.authRealm().equals(b.authRealm()) && a._authPassword().equals(b._authPassword());
    }

    /** The link to {@code gateway} came up: its lines register (again). */
    void linkUp(String gateway) {
        timer.execute(() -> registeringLinesOf(gateway).forEach(LineRegistration::registerNow));
    }

    /** The link to {@code gateway} went down: its lines' bindings are out of reach until it is back. */
    void linkDown(String gateway, String why) {
        timer.execute(() -> registeringLinesOf(gateway).forEach(l -> l.linkLost(why)));
    }

    private List<LineRegistration> registeringLinesOf(String gateway) {
        List<LineRegistration> result = new ArrayList<>();
        for (LineRegistration line : lines.values()) {
            if (line.config().gatewayName().equals(gateway) && line.config().register()
                    && line.state() != RegistrationState.ConfigError) {
                result.add(line);
            }
        }
        return result;
    }

    /** The line whose user a request URI names (the call agent's line of an incoming request). */
    Optional<String> addressedBy(Request request) {
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

    /** Unregisters every line and waits up to {@code wait} for the registrars' answers. */
    void unregisterAll(Duration wait) {
        for (LineRegistration line : lines.values()) {
            line.unregister();
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (LineRegistration line : lines.values()) {
                line.awaitNotUnregistering(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
