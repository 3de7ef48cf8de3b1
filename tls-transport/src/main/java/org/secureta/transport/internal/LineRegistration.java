package org.secureta.transport.internal;

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
 * the unit, refresh before the binding expires, and the SipEp.RegistrationStatus states.
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
    private final int retrySeconds;
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

    LineRegistration(LineConfiguration config, String gateway, String callId, Registrar registrar, ScheduledExecutorService timer,
                     int requestedExpires, int retrySeconds, Consumer<RegistrationStatus> onChange) {
        this.config = config;
        this.gateway = gateway;
        this.callId = callId;
        this.registrar = registrar;
        this.timer = timer;
        this.requestedExpires = requestedExpires;
        this.retrySeconds = retrySeconds;
        this.onChange = onChange;
    }

    LineConfiguration config() {
        return config;
    }

    String callId() {
        return callId;
    }

    synchronized RegistrationStatus status() {
        return new RegistrationStatus(config.endpointId(), config.username(), gateway, state, grantedExpires, reason);
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
        change(RegistrationState.Unreachable, 0, why);
        retryIn(retrySeconds);
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
                change(RegistrationState.InvalidResponse, 0, line + " without our binding in Contact");
                return;
            }
            change(RegistrationState.Registered, granted, line);
            // RFC 3261 section 10.2.4: refresh before expiry; half way for short bindings.
            int refreshIn = granted > 64 ? granted - 32 : Math.max(1, granted / 2);
            next = timer.schedule(this::registerNow, refreshIn, TimeUnit.SECONDS);
        } else if (code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED) {
            boolean noPassword = config._authPassword().isEmpty();
            change(RegistrationState.AuthFailed, 0, noPassword ? line + " and no password configured" : line + " (credentials refused)");
        } else if (code == Response.INTERVAL_TOO_BRIEF) {
            MinExpiresHeader min = (MinExpiresHeader) response.getHeader(MinExpiresHeader.NAME);
            if (min == null || min.getExpires() <= expires) {
                change(RegistrationState.InvalidResponse, 0, line + " without a usable Min-Expires");
            } else {
                send(min.getExpires());
            }
        } else if (code >= 300) {
            change(RegistrationState.Rejected, 0, line);
        }
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

    private void retryIn(int seconds) {
        cancelNext();
        next = timer.schedule(this::registerNow, seconds, TimeUnit.SECONDS);
    }

    /** Why a line unregisters: the unit stops, or the line or its gateway is removed or changed. */
    static final String UNREGISTER_REASON = "removing the binding (Expires: 0, RFC 3261 10.2.2)";

    /** Removes the binding (Expires 0) if there is one, and stops. */
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
        if (state == nextState && grantedExpires == expires && reason.equals(why)) {
            return;
        }
        state = nextState;
        grantedExpires = expires;
        reason = why;
        onChange.accept(status());
    }
}
