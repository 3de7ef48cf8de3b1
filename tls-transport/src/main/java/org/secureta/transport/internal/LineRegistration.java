package org.secureta.transport.internal;

import java.time.Duration;
import java.util.ListIterator;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sip.ResponseEvent;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.message.Response;

import org.secureta.transport.LineConfiguration;
import org.secureta.transport.RegistrationState;
import org.secureta.transport.RegistrationStatus;

/**
 * The registration of one line (RFC 3261 section 10): REGISTER, digest authentication done by
 * the unit, refresh before the binding expires, and the SipEp.RegistrationStatus states. After a
 * refused (AuthFailed, Rejected), unanswered (Unreachable) or unusable (InvalidResponse) REGISTER
 * the line tries again on its {@link RetryPolicy} (SipEp.DefaultRegistrationRetryTime, doubled
 * up to a cap, randomly spread); a line whose TLS link went down waits for the link instead.
 */
final class LineRegistration {

    /** What a registration needs from the unit. */
    interface Registrar {
        /** Sends REGISTER asking for {@code expires} seconds; completes with the final response. */
        java.util.concurrent.CompletionStage<ResponseEvent> register(LineRegistration line, long cseq, int expires);

        /** Why the last REGISTER could not be sent or got no answer, from the transport's point of view. */
        String describeFailure(LineRegistration line, Throwable failure);

        /** Whether a response's Contact is the binding this line asked for. */
        boolean isOurContact(LineRegistration line, SipURI contact);
    }

    private final LineConfiguration config;
    private final String gateway;
    private final Registrar registrar;
    private final ScheduledExecutorService timer;
    private final int requestedExpires;
    private final RetryPolicy retry;
    private final java.util.random.RandomGenerator random;
    private final Consumer<RegistrationStatus> onChange;
    private final String callId;

    private RegistrationState state = RegistrationState.Unregistered;
    private int grantedExpires;
    private String reason = "";
    private long cseq = 1;
    private ScheduledFuture<?> next;
    private boolean inFlight;
    /** Bumped when an answer to the REGISTER in flight can no longer come (its link died). */
    private int attempt;
    private boolean stopped;
    /** Failed attempts in a row; reset by a success. */
    private int failures;
    /** The attempt of the series in progress or just failed (1 after a success or start), 0 when registered. */
    private int attemptNumber;
    private int retryIn;
    private RegistrationStatus posted;

    LineRegistration(LineConfiguration config, String gateway, String callId, Registrar registrar, ScheduledExecutorService timer,
                     int requestedExpires, RetryPolicy retry, java.util.random.RandomGenerator random,
                     Consumer<RegistrationStatus> onChange) {
        this.config = config;
        this.gateway = gateway;
        this.callId = callId;
        this.registrar = registrar;
        this.timer = timer;
        this.requestedExpires = requestedExpires;
        this.retry = retry;
        this.random = random;
        this.onChange = onChange;
    }

    LineConfiguration config() {
        return config;
    }

    String callId() {
        return callId;
    }

    synchronized RegistrationStatus status() {
        return new RegistrationStatus(config.endpointId(), config.username(), gateway, state, grantedExpires, reason,
                attemptNumber, retryIn);
    }

    synchronized RegistrationState state() {
        return state;
    }

    /** A line that cannot register as configured. */
    synchronized void configError(String why) {
        change(RegistrationState.ConfigError, 0, why);
    }

    /** (Re-)registers now, for example because the link to the registrar just came up. */
    synchronized void registerNow() {
        if (stopped || inFlight) {
            return;
        }
        cancelNext();
        retryIn = 0;
        attemptNumber = failures + 1;
        boolean refresh = state == RegistrationState.Registered;
        change(refresh ? RegistrationState.Refreshing : RegistrationState.Registering, grantedExpires, reason);
        send(requestedExpires);
    }

    /** The link to the registrar went down: the binding is out of our reach until it is back. */
    synchronized void linkLost(String why) {
        if (stopped || state == RegistrationState.ConfigError) {
            return;
        }
        cancelNext();
        // The REGISTER in flight went over the lost connection: stop waiting for its answer.
        attempt++;
        inFlight = false;
        retryIn = 0;
        change(RegistrationState.Unreachable, 0, why);
    }

    private void send(int expires) {
        inFlight = true;
        int current = ++attempt;
        long sequence = cseq++;
        registrar.register(this, sequence, expires).whenComplete((event, failure) -> {
            synchronized (LineRegistration.this) {
                if (current != attempt) {
                    return;
                }
                inFlight = false;
                if (failure != null) {
                    failed(expires, registrar.describeFailure(this, failure));
                } else {
                    answered(expires, event.getResponse());
                }
            }
        });
    }

    private void failed(int expires, String why) {
        if (expires == 0) {
            change(RegistrationState.Unregistered, 0, why);
            return;
        }
        failedAttempt(RegistrationState.Unreachable, why, Duration.ZERO);
    }

    /**
     * A failed attempt: the state says why, the next attempt comes after the policy's delay (or
     * the server's Retry-After when longer, RFC 3261 section 21.5.4), announced in the same event.
     */
    private void failedAttempt(RegistrationState failure, String why, Duration serverAsked) {
        failures++;
        Duration delay = retry.delay(failures, random);
        if (serverAsked.compareTo(delay) > 0) {
            delay = serverAsked;
        }
        cancelNext();
        retryIn = (int) Math.max(1, (delay.toMillis() + 999) / 1000);
        change(failure, 0, why);
        next = timer.schedule(this::registerNow, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void answered(int expires, Response response) {
        CSeqHeader sequence = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        cseq = Math.max(cseq, sequence.getSeqNumber()) + 1;
        int code = response.getStatusCode();
        String line = code + " " + response.getReasonPhrase();
        if (expires == 0) {
            change(RegistrationState.Unregistered, 0, line);
            return;
        }
        if (code >= 200 && code < 300) {
            int granted = grantedExpires(response);
            if (granted <= 0) {
                failedAttempt(RegistrationState.InvalidResponse, line + " without our binding in Contact", Duration.ZERO);
                return;
            }
            failures = 0;
            attemptNumber = 0;
            retryIn = 0;
            change(RegistrationState.Registered, granted, line);
            // RFC 3261 section 10.2.4: refresh before expiry; half way for short bindings.
            int refreshIn = granted > 64 ? granted - 32 : Math.max(1, granted / 2);
            next = timer.schedule(this::registerNow, refreshIn, TimeUnit.SECONDS);
        } else if (code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED) {
            boolean noPassword = config._authPassword().isEmpty();
            // Name the credentials (never the password): user and realm are what an engineer checks first.
            String user = config.authUsername().isBlank() ? config.username() : config.authUsername();
            String who = "user " + user + realmOf(response).map(realm -> " realm " + realm).orElse("");
            failedAttempt(RegistrationState.AuthFailed, noPassword ? line + " and no password configured for " + who
                    : line + ": credentials of " + who + " refused", Duration.ZERO);
        } else if (code == Response.INTERVAL_TOO_BRIEF) {
            MinExpiresHeader min = (MinExpiresHeader) response.getHeader(MinExpiresHeader.NAME);
            if (min == null || min.getExpires() <= expires) {
                failedAttempt(RegistrationState.InvalidResponse, line + " without a usable Min-Expires", Duration.ZERO);
            } else {
                send(min.getExpires());
            }
        } else if (code >= 300) {
            failedAttempt(RegistrationState.Rejected, line, retryAfter(response));
        }
    }

    private static java.util.Optional<String> realmOf(Response response) {
        javax.sip.header.Header header = response.getHeader(response.getStatusCode() == Response.UNAUTHORIZED
                ? javax.sip.header.WWWAuthenticateHeader.NAME : javax.sip.header.ProxyAuthenticateHeader.NAME);
        if (header instanceof javax.sip.header.WWWAuthenticateHeader challenge && challenge.getRealm() != null) {
            return java.util.Optional.of(challenge.getRealm());
        }
        return java.util.Optional.empty();
    }

    /** A 503 or 4xx/6xx may say when to come back (Retry-After, seconds); bounded by a day. */
    private static Duration retryAfter(Response response) {
        javax.sip.header.RetryAfterHeader header = (javax.sip.header.RetryAfterHeader) response.getHeader(javax.sip.header.RetryAfterHeader.NAME);
        return header == null ? Duration.ZERO : Duration.ofSeconds(Math.min(86400, Math.max(0, header.getRetryAfter())));
    }

    private int grantedExpires(Response response) {
        ListIterator<?> contacts = response.getHeaders(ContactHeader.NAME);
        while (contacts.hasNext()) {
            ContactHeader contact = (ContactHeader) contacts.next();
            if (contact.getAddress().getURI() instanceof SipURI && registrar.isOurContact(this, (SipURI) contact.getAddress().getURI())) {
                if (contact.getExpires() >= 0) {
                    return contact.getExpires();
                }
                ExpiresHeader header = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
                return header == null ? requestedExpires : header.getExpires();
            }
        }
        return -1;
    }

    /** Why a line unregisters: the unit stops, or the line or its gateway is removed or changed. */
    static final String UNREGISTER_REASON = "removing the binding (Expires: 0, RFC 3261 10.2.2)";

    /** Removes the binding (Expires 0) if there is one, and stops. */
    /** Waits until this line is no longer Unregistering (its binding removed, refused or timed out), or until the deadline. */
    synchronized void awaitNotUnregistering(long deadlineNanos) throws InterruptedException {
        while (state == RegistrationState.Unregistering) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized void unregister() {
        cancelNext();
        if (!stopped && (state == RegistrationState.Registered || state == RegistrationState.Refreshing)) {
            // The reason says why the binding goes (not the answer that made it, e.g. "200 OK").
            change(RegistrationState.Unregistering, 0, UNREGISTER_REASON);
            send(0);
        }
        stopped = true;
    }

    private void cancelNext() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    private void change(RegistrationState nextState, int expires, String why) {
        state = nextState;
        grantedExpires = expires;
        reason = why;
        // For awaitNotUnregistering: a unit's stop waits on its lines' removals, not in a polling loop.
        notifyAll();
        RegistrationStatus now = status();
        // Each attempt is announced (its number differs), a repeated identical status is not.
        if (!now.equals(posted)) {
            posted = now;
            onChange.accept(now);
        }
    }
}
