package org.secureta.srtp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import org.secureta.srtp.CallAgentConfiguration;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.media.MediaSession;
import org.secureta.transport.IncomingRequest;
import org.secureta.transport.SipResponse;
import org.secureta.transport.SipTransport;
import org.secureta.transport.SipTransportListener;
import org.secureta.transport.UnitEvent;

/**
 * The unit's call agent: places and answers calls over the {@link SipTransport}, negotiates SDP
 * (RFC 3264) with SRTP keyed by the configured key management, runs one {@link MediaSession} per
 * call (on the media engine SecureTA.MediaEngine names), and reports each call as a CALL {@link UnitEvent}. Key managements are found by name
 * (Mipt.DefaultSecurityKeyManagement) among those registered: the agent knows none of them, and
 * applies what each declares it needs ({@link org.secureta.srtp.keymgmt.KeyingNeeds}).
 *
 * <p>This class is the facade: it takes the commands and routes the SIP events to the parts that
 * handle them: {@link OutgoingCalls} (INVITEs we send), {@link IncomingCalls} (INVITEs we answer),
 * {@link OurReinvites} (hold/resume, key renewal with the RFC 3261 14.1 back-off of {@link KeyRenewal}),
 * {@link PeerReinvites} (the peer's re-INVITEs and the ACKs that switch our sending keys),
 * {@link T38Switch} (fax re-INVITEs both ways) and {@link Hangups} (BYE, CANCEL, stop). They share
 * {@link CallControl} (events, ending a call, the ACK timer, the {@link CallRegistry} and
 * {@link CallSettings}) and {@link CallMedia} (RTP sessions and answer policy); {@link Offers}
 * builds our SDP offers, {@link PeerMediaAddress} checks where a peer's SDP may send us, and
 * {@link CallLimits} bounds the calls.
 */
public final class CallAgent implements SipTransportListener, AutoCloseable {

    /** The guide's syslog line for a MIKEY/SDES mismatch (section 3.4). */
    public static final String MISMATCH_MESSAGE = "Received the wrong key management protocol. Secure stream disabled.";
    public static final String MISMATCH_CODE = "D3A2";
    private static final System.Logger LOG = System.getLogger(CallAgent.class.getName());

    /**
     * Media settings of the emulation: the local media address, the tones each side sends and
     * expects, and optionally a WAV file (8 kHz mono 16-bit) sent instead of our tone.
     */
    public record MediaSettings(InetAddress address, double callerTone, double calleeTone, int amplitude,
                                Optional<Path> audioFile, Optional<ScheduledExecutorService> sharedScheduler) {
        public static MediaSettings loopback() {
            return at(InetAddress.getLoopbackAddress());
        }

        /** Media on {@code address} (RTP/RTCP bound there, and SDP c= and o= name it). */
        public static MediaSettings at(InetAddress address) {
            return new MediaSettings(address, 1000, 440, 8000, Optional.empty(), Optional.empty());
        }

        public MediaSettings withAudioFile(Path file) {
            return new MediaSettings(address, callerTone, calleeTone, amplitude, Optional.of(file), sharedScheduler);
        }

        /**
         * The agent's media senders and call timers run on {@code scheduler}, which other agents share and
         * which the agent does not stop (a fleet: one sender thread for thousands of units, whose sessions send
         * on the same 20 ms grid, so that one wake-up sends every due frame). Without it an agent has its own.
         */
        public MediaSettings withSharedScheduler(ScheduledExecutorService scheduler) {
            return new MediaSettings(address, callerTone, calleeTone, amplitude, audioFile, Optional.of(scheduler));
        }
    }

    private final SipTransport sip;
    private final CallControl control;
    private final OutgoingCalls outgoing;
    private final IncomingCalls incoming;
    private final OurReinvites ourReinvites;
    private final PeerReinvites peerReinvites;
    private final T38Switch fax;
    private final Hangups hangups;
    /** False when the scheduler is shared (MediaSettings.withSharedScheduler): its owner stops it. */
    private final boolean ownScheduler;

    public CallAgent(SipTransport sip, CallAgentConfiguration config, KeyManagements keyManagements,
                     Consumer<UnitEvent> events, MediaSettings settings) {
        this(sip, config, keyManagements, events, settings, LineOverrides.NONE);
    }

    /** An agent whose calls use a line's Mipt.EpSpecificSecurity override, when it has one, instead of the defaults. */
    public CallAgent(SipTransport sip, CallAgentConfiguration config, KeyManagements keyManagements,
                     Consumer<UnitEvent> events, MediaSettings settings, LineOverrides lineOverrides) {
        this(sip, config, keyManagements, events, settings, lineOverrides, new CallRegistry.Numbers(), MediaEngines.NATIVE);
    }

    /** An agent whose calls' media run on the engine SecureTA.MediaEngine names among {@code engines}. */
    public CallAgent(SipTransport sip, CallAgentConfiguration config, KeyManagements keyManagements,
                     Consumer<UnitEvent> events, MediaSettings settings, LineOverrides lineOverrides, MediaEngines engines) {
        this(sip, config, keyManagements, events, settings, lineOverrides, new CallRegistry.Numbers(), engines);
    }

    /** As above, numbering its calls from {@code numbers}, which a previous agent of the unit may have used. */
    CallAgent(SipTransport sip, CallAgentConfiguration config, KeyManagements keyManagements,
              Consumer<UnitEvent> events, MediaSettings settings, LineOverrides lineOverrides, CallRegistry.Numbers numbers,
              MediaEngines engines) {
        this.sip = sip;
        CallSettings callSettings = new CallSettings(config, keyManagements, lineOverrides, sip);
        this.ownScheduler = settings.sharedScheduler().isEmpty();
        ScheduledExecutorService scheduler = settings.sharedScheduler().orElseGet(() -> Executors.newScheduledThreadPool(1, r -> {
            Thread thread = new Thread(r, "media-sender");
            thread.setDaemon(true);
            return thread;
        }));
        this.control = new CallControl(sip, callSettings, settings, scheduler, new CallRegistry(numbers), events);
        Offers offers = new Offers(settings.address());
        this.ourReinvites = new OurReinvites(control, offers);
        CallMedia media = new CallMedia(settings, callSettings, scheduler, ourReinvites::renewKeys, engines);
        this.outgoing = new OutgoingCalls(control, media, offers);
        this.incoming = new IncomingCalls(control, media);
        this.fax = new T38Switch(control, media, offers);
        this.peerReinvites = new PeerReinvites(control, media, fax, ourReinvites);
        this.hangups = new Hangups(control);
        sip.addListener(this);
    }

    /**
     * Applies a changed configuration without dropping a call: at once when no call is in
     * progress, else when the last one ends (a MEDIA {@code Configured} event says when).
     * Returns whether it applied at once.
     */
    public boolean reconfigure(CallAgentConfiguration changed) {
        boolean now = control.settings.reconfigure(changed, control.registry.live(null).isEmpty());
        if (now) {
            control.postConfigured("");
        } else {
            control.event(UnitEvent.of("MEDIA", "agent", "srtp-ta", "state", "ConfigurationPending",
                    "calls", Integer.toString(control.registry.live(null).size()),
                    "message", "the changed media settings apply when the calls in progress end"));
        }
        return now;
    }

    // ---------------------------------------------------------------- commands

    /** Places a call from {@code line} to {@code target} (a SIP URI); returns the call number. */
    public String call(String line, String target) throws IOException, KeyManagementException {
        return outgoing.call(line, target);
    }

    /** Answers a ringing incoming call. */
    public void answer(String id) {
        incoming.answer(find(id));
    }

    /** Hangs up: CANCEL before an answer, BYE after, 486 to a ringing incoming call. */
    public CompletionStage<SipResponse> hangup(String id) {
        return hangups.hangup(find(id));
    }

    /** Puts the call on hold (sendonly, RFC 3264 8.4) or resumes it (sendrecv). */
    public CompletionStage<SipResponse> hold(String id, boolean hold) throws KeyManagementException {
        return ourReinvites.hold(find(id), hold);
    }

    /** Switches the call to T.38 fax (re-INVITE with {@code m=image udptl t38}). */
    public CompletionStage<SipResponse> switchToT38(String id) throws IOException {
        Call call = find(id);
        synchronized (call) {
            CallControl.requireDialog(call);
            return fax.offer(call);
        }
    }

    // ---------------------------------------------------------------- queries

    public List<CallStatus> calls() {
        return control.registry.all().stream().map(Call::status).toList();
    }

    public Optional<CallStatus> status(String id) {
        return control.registry.byNumber(id).map(Call::status);
    }

    /** The local RTP port of a call (RTCP is the next one). */
    public int mediaPort(String id) {
        Call call = find(id);
        synchronized (call) {
            return call.rtp.session == null ? 0 : call.rtp.session.localPort();
        }
    }

    /** Where a call's RTP socket is bound (the media address, which our SDP c= names). */
    public InetSocketAddress localMedia(String id) {
        Call call = find(id);
        synchronized (call) {
            return call.rtp.session == null ? null : call.rtp.session.localAddress();
        }
    }

    /** Where a call sends its RTP: the address and port of the peer's SDP, empty before the media starts. */
    public Optional<InetSocketAddress> peerMedia(String id) {
        Call call = find(id);
        synchronized (call) {
            return Optional.ofNullable(call.rtp.peer);
        }
    }

    /** The media detector of a call: how many received frames carried the expected tone. */
    public long toneFrames(String id) {
        return find(id).status().counters().toneFrames();
    }

    // ---------------------------------------------------------------- SIP events

    @Override
    public void requestReceived(IncomingRequest request) {
        try {
            Call call = control.registry.byCallId(request.callId()).orElse(null);
            switch (request.method()) {
                case "INVITE" -> {
                    if (call == null) {
                        incoming.invited(request);
                    } else {
                        peerReinvites.offered(call, request);
                    }
                }
                case "ACK" -> {
                    if (call != null) {
                        peerReinvites.acked(call);
                    }
                }
                case "BYE" -> hangups.bye(call, request);
                case "CANCEL" -> hangups.cancel(call, request);
                default -> request.respond(405, "Method Not Allowed");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot handle {0}: {1}", request.method(), e.toString());
        }
    }

    @Override
    public void responseReceived(SipResponse response) {
        if (!response.method().equals("INVITE") || response.statusCode() <= 100 || response.statusCode() >= 200) {
            return;
        }
        control.registry.byCallId(response.callId()).ifPresent(outgoing::provisional);
    }

    private Call find(String id) {
        return control.registry.find(id);
    }

    /** Stops the agent; a call still in progress ends visibly, with {@code reason=agent stopped}. */
    @Override
    public void close() {
        close("agent stopped");
    }

    /**
     * Stops the agent, ending every call in progress with a BYE (or 480 to one still ringing here)
     * and a CALL {@code Ended} event giving {@code reason}, so that no call disappears silently.
     */
    public void close(String reason) {
        sip.removeListener(this);
        hangups.endAll(reason);
        if (ownScheduler) {
            control.scheduler.shutdownNow();
        }
    }
}
