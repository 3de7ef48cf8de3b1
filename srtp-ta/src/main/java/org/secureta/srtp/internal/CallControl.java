package org.secureta.srtp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.secureta.srtp.CallAgentConfiguration;
import org.secureta.transport.IncomingRequest;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.SipTransport;
import org.secureta.transport.UnitEvent;

/**
 * What every part of the call agent shares: the SIP transport, the settings, the call registry
 * and the scheduler, and the moves of a call's life that each part makes the same way: report a
 * change as a CALL event, end a call (media closed, registry told, a waiting configuration
 * applied), and the RFC 3261 13.3.1.4 ACK timer. Called with the call's monitor held.
 */
final class CallControl {

    private static final System.Logger LOG = System.getLogger(CallControl.class.getName());

    final SipTransport sip;
    final CallSettings settings;
    final CallAgent.MediaSettings media;
    final ScheduledExecutorService scheduler;
    final CallRegistry registry;
    private final Consumer<UnitEvent> events;

    CallControl(SipTransport sip, CallSettings settings, CallAgent.MediaSettings media, ScheduledExecutorService scheduler,
                CallRegistry registry, Consumer<UnitEvent> events) {
        this.sip = sip;
        this.settings = settings;
        this.media = media;
        this.scheduler = scheduler;
        this.registry = registry;
        this.events = events;
    }

    void event(UnitEvent event) {
        events.accept(event);
    }

    /** Reports the call as it is now (a CALL event). */
    void post(Call call) {
        events.accept(call.status().toEvent());
    }

    void change(Call call, CallState state, String reason) {
        call.state = state;
        call.reason = reason;
        post(call);
    }

    void end(Call call, CallState state, String reason) {
        call.acked();
        call.closeMedia();
        change(call, state, reason);
        registry.forgetLater(call, scheduler);
        if (settings.applyPendingIfIdle(registry.live(null).isEmpty())) {
            postConfigured("applied after the last call ended");
        }
    }

    /** The MEDIA {@code Configured} event: the settings calls now start with. */
    void postConfigured(String note) {
        CallAgentConfiguration c = settings.current();
        List<String> attributes = new ArrayList<>(List.of("agent", "srtp-ta", "state", "Configured", "rtpMode", c.rtpMode().name(),
                "keyManagement", c.keyManagement(), "encryption", c.rtpEncryption().name(),
                "mediaAddress", media.address().getHostAddress(), "mediaEngine", c.mediaEngine().name()));
        if (!note.isEmpty()) {
            attributes.addAll(List.of("message", note));
        }
        events.accept(UnitEvent.of("MEDIA", attributes.toArray(String[]::new)));
    }

    /**
     * RFC 3261 13.3.1.4: a 2xx to an INVITE that gets no ACK within 64*T1 ends the dialog with a
     * BYE, so that a peer that never ACKs cannot hold the call's media, sender and sockets.
     */
    void awaitAck(Call call) {
        long wait = 64L * settings.current().timerT1Millis();
        call.awaitAck(scheduler.schedule(() -> {
            synchronized (call) {
                if (!call.awaitingAck() || call.state.isFinal()) {
                    return;
                }
                if (call.sip.dialog != null) {
                    call.sip.dialog.sendRequest(OutgoingRequest.of("BYE", ""));
                }
                end(call, CallState.Ended, "no ACK within " + wait + " ms (RFC 3261 13.3.1.4)");
            }
        }, wait, TimeUnit.MILLISECONDS));
    }

    /** Refuses an incoming INVITE with the configured code for an offer we cannot take (Mipt.RejectCode...). */
    void refuseUnsupported(Call call, IncomingRequest request, String why) {
        int code = settings.current().rejectCodeForUnsupportedOffer();
        refuse(call, request, code, reasonOf(code), why);
    }

    void refuse(Call call, IncomingRequest request, int code, String phrase, String why) {
        request.respond(code, phrase);
        LOG.log(System.Logger.Level.INFO, "call {0} from {1} refused with {2}: {3}", call.id, call.peer, code, why);
        end(call, CallState.Failed, code + " " + phrase);
    }

    static void requireDialog(Call call) {
        if (call.sip.dialog == null || call.state.isFinal()) {
            throw new IllegalStateException("call " + call.id + " is not established (" + call.state + ")");
        }
    }

    static String reasonOf(int code) {
        return switch (code) {
            case 415 -> "Unsupported Media Type";
            case 488 -> "Not Acceptable Here";
            case 606 -> "Not Acceptable";
            default -> "Rejected";
        };
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
