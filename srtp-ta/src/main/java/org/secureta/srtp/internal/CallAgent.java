package org.secureta.srtp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.secureta.srtp.CallAgentConfiguration;
import org.secureta.srtp.CryptoUpdateMode;
import org.secureta.srtp.RtpMode;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.media.AudioSource;
import org.secureta.srtp.media.G711;
import org.secureta.srtp.media.MediaKeys;
import org.secureta.srtp.media.RtpSession;
import org.secureta.srtp.media.ToneGenerator;
import org.secureta.srtp.sdp.AnswerPolicy;
import org.secureta.srtp.sdp.Answerer;
import org.secureta.srtp.sdp.AudioCodec;
import org.secureta.srtp.sdp.Direction;
import org.secureta.srtp.sdp.MediaDescription;
import org.secureta.srtp.sdp.Origin;
import org.secureta.srtp.sdp.SdpKeyings;
import org.secureta.srtp.sdp.SdpParseException;
import org.secureta.srtp.sdp.SessionDescription;
import org.secureta.transport.IncomingRequest;
import org.secureta.transport.OutgoingRequest;
import org.secureta.transport.SipResponse;
import org.secureta.transport.SipTransport;
import org.secureta.transport.SipTransportListener;
import org.secureta.transport.Transport;
import org.secureta.transport.UnitEvent;

/**
 * The unit's call agent: places and answers calls over the {@link SipTransport}, negotiates SDP
 * (RFC 3264) with SRTP keyed by the configured key management, runs one {@link RtpSession} per
 * call, and reports each call as a CALL {@link UnitEvent}. Key managements are found by name
 * (Mipt.DefaultSecurityKeyManagement) among those registered: the agent knows none of them, and
 * applies what each declares it needs ({@link org.secureta.srtp.keymgmt.KeyingNeeds}).
 *
 * <p>Its parts: {@link CallRegistry} (calls by number and Call-ID), {@link CallSettings} (the
 * configuration, line overrides and key managements), {@link Offers} (our SDP offers),
 * {@link KeyRenewal} (re-keying before a key's lifetime, with the RFC 3261 14.1 back-off),
 * {@link T38Switch} (fax re-INVITEs both ways),
 * {@link PeerMediaAddress} (where a peer's SDP may send us) and {@link CallLimits}.
 */
public final class CallAgent implements SipTransportListener, AutoCloseable {

    /** The guide's syslog line for a MIKEY/SDES mismatch (section 3.4). */
    public static final String MISMATCH_MESSAGE = "Received the wrong key management protocol. Secure stream disabled.";
    public static final String MISMATCH_CODE = "D3A2";
    private static final String SDP = "application/sdp";
    private static final System.Logger LOG = System.getLogger(CallAgent.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Media settings of the emulation: the local media address, the tones each side sends and
     * expects, and optionally a WAV file (8 kHz mono 16-bit) sent instead of our tone.
     */
    public record MediaSettings(InetAddress address, double callerTone, double calleeTone, int amplitude,
                                java.util.Optional<java.nio.file.Path> audioFile) {
        public static MediaSettings loopback() {
            return at(InetAddress.getLoopbackAddress());
        }

        /** Media on {@code address} (RTP/RTCP bound there, and SDP c= and o= name it). */
        public static MediaSettings at(InetAddress address) {
            return new MediaSettings(address, 1000, 440, 8000, java.util.Optional.empty());
        }

        public MediaSettings withAudioFile(java.nio.file.Path file) {
            return new MediaSettings(address, callerTone, calleeTone, amplitude, java.util.Optional.of(file));
        }
    }

    private final SipTransport sip;
    private final CallSettings config;
    private final Consumer<UnitEvent> events;
    private final MediaSettings settings;
    private final ScheduledExecutorService scheduler;
    private final CallRegistry registry;
    private final Offers offers;
    private final KeyRenewal renewal;
    private final T38Switch fax;

    public CallAgent(SipTransport sip, CallAgentConfiguration config, KeyManagements keyManagements,
                     Consumer<UnitEvent> events, MediaSettings settings) {
        this(sip, config, keyManagements, events, settings, LineOverrides.NONE);
    }

    /** An agent whose calls use a line's Mipt.EpSpecificSecurity override, when it has one, instead of the defaults. */
    public CallAgent(SipTransport sip, CallAgentConfiguration config, KeyManagements keyManagements,
                     Consumer<UnitEvent> events, MediaSettings settings, LineOverrides lineOverrides) {
        this(sip, config, keyManagements, events, settings, lineOverrides, new CallRegistry.Numbers());
    }

    /** As above, numbering its calls from {@code numbers}, which a previous agent of the unit may have used. */
    CallAgent(SipTransport sip, CallAgentConfiguration config, KeyManagements keyManagements,
              Consumer<UnitEvent> events, MediaSettings settings, LineOverrides lineOverrides, CallRegistry.Numbers numbers) {
        this.sip = sip;
        this.config = new CallSettings(config, keyManagements, lineOverrides, sip);
        this.events = events;
        this.settings = settings;
        this.registry = new CallRegistry(numbers);
        this.offers = new Offers(settings.address());
        this.scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread thread = new Thread(r, "media-sender");
            thread.setDaemon(true);
            return thread;
        });
        this.renewal = new KeyRenewal(scheduler, this::renewKeys);
        this.fax = new T38Switch(settings.address(), this.config, offers, new T38Switch.Agent() {
            @Override
            public void post(Call call) {
                CallAgent.this.post(call);
            }

            @Override
            public void awaitAck(Call call) {
                CallAgent.this.awaitAck(call);
            }

            @Override
            public AnswerPolicy policy(Call call, int t38Port) {
                return CallAgent.this.policy(call, t38Port);
            }
        });
        sip.addListener(this);
    }

    /**
     * Applies a changed configuration without dropping a call: at once when no call is in
     * progress, else when the last one ends (a MEDIA {@code Configured} event says when).
     * Returns whether it applied at once.
     */
    public boolean reconfigure(CallAgentConfiguration changed) {
        boolean now = config.reconfigure(changed, registry.live(null).isEmpty());
        if (now) {
            postConfigured("");
        } else {
            events.accept(UnitEvent.of("MEDIA", "agent", "srtp-ta", "state", "ConfigurationPending",
                    "calls", Integer.toString(registry.live(null).size()),
                    "message", "the changed media settings apply when the calls in progress end"));
        }
        return now;
    }

    private void postConfigured(String note) {
        CallAgentConfiguration c = config.current();
        List<String> attributes = new java.util.ArrayList<>(List.of("agent", "srtp-ta", "state", "Configured", "rtpMode", c.rtpMode().name(),
                "keyManagement", c.keyManagement(), "encryption", c.rtpEncryption().name(),
                "mediaAddress", settings.address().getHostAddress()));
        if (!note.isEmpty()) {
            attributes.addAll(List.of("message", note));
        }
        events.accept(UnitEvent.of("MEDIA", attributes.toArray(String[]::new)));
    }

    // ---------------------------------------------------------------- commands

    /** Places a call from {@code line} to {@code target} (a SIP URI); returns the call number. */
    public String call(String line, String target) throws IOException, KeyManagementException {
        CallLimits.Verdict verdict = CallLimits.check(config.current(), registry, line);
        if (!verdict.allowed()) {
            throw new IllegalStateException("cannot place a call: " + verdict.reason());
        }
        String id = registry.nextNumber();
        Call call = new Call(id, "ta-" + UUID.randomUUID(), true, line, target, CallState.Calling);
        synchronized (call) {
            call.security = config.securityOf(line);
            call.target = target;
            call.origin = Origin.of("-", Math.abs(RANDOM.nextLong() >>> 1), 1, settings.address().getHostAddress());
            call.media = openMedia(call);
            try {
                sendInvite(call, call.security.rtpMode() != RtpMode.Unsecure);
            } catch (KeyManagementException | RuntimeException e) {
                call.closeMedia();
                throw e;
            }
        }
        return id;
    }

    private void sendInvite(Call call, boolean secure) throws KeyManagementException {
        SessionDescription offer = offers.initial(call, secure, config);
        call.offeredSecure = secure;
        registry.add(call);
        post(call);
        OutgoingRequest invite = OutgoingRequest.of("INVITE", call.target).withHeader("Call-ID", call.callId)
                .withBody(SDP, offer.writeUtf8());
        sip.sendRequest(call.line, invite).whenComplete((response, failure) -> inviteAnswered(call, response, failure));
    }

    /** Answers a ringing incoming call. */
    public void answer(String id) {
        Call call = find(id);
        synchronized (call) {
            if (call.outgoing || call.pendingInvite == null) {
                throw new IllegalStateException("call " + id + " is not ringing here (" + call.state + ")");
            }
            IncomingRequest invite = call.pendingInvite;
            call.pendingInvite = null;
            invite.respond(200, "OK", SDP, call.preparedAnswer);
            call.dialog = invite.dialog().orElse(null);
            call.media.start(call.peerMedia, call.codec, call.keys);
            change(call, CallState.Connected, "");
            awaitAck(call);
        }
    }

    /** Hangs up: CANCEL before an answer, BYE after, 486 to a ringing incoming call. */
    public CompletionStage<SipResponse> hangup(String id) {
        Call call = find(id);
        synchronized (call) {
            if (call.state.isFinal()) {
                throw new IllegalStateException("call " + id + " is over already (" + call.state + ")");
            }
            if (call.pendingInvite != null) {
                call.pendingInvite.respond(486, "Busy Here");
                call.pendingInvite = null;
                end(call, CallState.Ended, "declined");
                return CompletableFuture.completedFuture(null);
            }
            if (call.dialog == null) {
                call.cancelRequested = true;
                return sip.cancel(call.callId);
            }
            end(call, CallState.Ended, "local hang-up");
            return call.dialog.sendRequest(OutgoingRequest.of("BYE", ""));
        }
    }

    /** Puts the call on hold (sendonly, RFC 3264 8.4) or resumes it (sendrecv). */
    public CompletionStage<SipResponse> hold(String id, boolean hold) throws KeyManagementException {
        Call call = find(id);
        synchronized (call) {
            requireDialog(call);
            return sendReinvite(call, hold, config.current().sessionUpdateCryptoMode(), false);
        }
    }

    /**
     * Renews the keys of a call whose sending key nears its lifetime (RFC 4568 6.1: the sender
     * re-keys before the lifetime is reached): a re-INVITE with fresh keys whatever
     * Mipt.SessionUpdateCryptoMode says, since keeping them is no longer allowed. Runs on the
     * media scheduler; a call that is not connected (held, in a re-INVITE) renews afterwards.
     */
    private void renewKeys(Call call) {
        synchronized (call) {
            if (!call.secure || call.dialog == null || call.state.isFinal() || call.media == null || !call.media.isRenewalDue()) {
                return;
            }
            if (call.reinvitePending || call.pendingSendKeys != null || call.state != CallState.Connected) {
                // Also while our answer to the peer's re-INVITE awaits its ACK: that ACK switches our sending
                // keys, and must not switch them back after a renewal of ours.
                call.renewWhenIdle = true;
                return;
            }
            call.renewWhenIdle = false;
            try {
                LOG.log(System.Logger.Level.INFO, "call {0}: the sending master key nears its lifetime: re-INVITE with new keys", call.id);
                sendReinvite(call, false, CryptoUpdateMode.Regenerate, true);
            } catch (KeyManagementException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "call {0}: cannot renew the keys: {1}; media stops at the key's lifetime",
                        call.id, e.getMessage());
            }
        }
    }

    private CompletionStage<SipResponse> sendReinvite(Call call, boolean hold, CryptoUpdateMode mode, boolean renewal)
            throws KeyManagementException {
        Offers.Reoffer reoffer = offers.reinvite(call, hold, mode, config);
        SessionDescription offer = reoffer.offer();
        KeyingSession reKeying = reoffer.keying();
        // No music on hold in this emulation: the side that holds stops sending too.
        call.media.sending(!hold);
        KeyingSession used = reKeying;
        call.reinvitePending = true;
        return call.dialog.sendRequest(OutgoingRequest.of("INVITE", "").withBody(SDP, offer.writeUtf8()))
                .whenComplete((response, failure) -> reinviteAnswered(call, used, hold, renewal, response, failure));
    }

    /** Switches the call to T.38 fax (re-INVITE with {@code m=image udptl t38}). */
    public CompletionStage<SipResponse> switchToT38(String id) throws IOException {
        Call call = find(id);
        synchronized (call) {
            requireDialog(call);
            return fax.offer(call);
        }
    }

    public List<CallStatus> calls() {
        return registry.all().stream().map(Call::status).toList();
    }

    public Optional<CallStatus> status(String id) {
        return registry.byNumber(id).map(Call::status);
    }

    /** The local RTP port of a call (RTCP is the next one). */
    public int mediaPort(String id) {
        Call call = find(id);
        synchronized (call) {
            return call.media == null ? 0 : call.media.localPort();
        }
    }

    /** Where a call's RTP socket is bound (the media address, which our SDP c= names). */
    public InetSocketAddress localMedia(String id) {
        Call call = find(id);
        synchronized (call) {
            return call.media == null ? null : call.media.localAddress();
        }
    }

    /** Where a call sends its RTP: the address and port of the peer's SDP, empty before the media starts. */
    public Optional<InetSocketAddress> peerMedia(String id) {
        Call call = find(id);
        synchronized (call) {
            return Optional.ofNullable(call.peerMedia);
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
            Call call = registry.byCallId(request.callId()).orElse(null);
            switch (request.method()) {
                case "INVITE" -> {
                    if (call == null) {
                        incomingCall(request);
                    } else {
                        reinvite(call, request);
                    }
                }
                case "ACK" -> {
                    // The offerer has our answer: it can decrypt what we send with our new keys.
                    if (call != null) {
                        synchronized (call) {
                            call.acked();
                            if (call.pendingSendKeys != null && call.media != null) {
                                call.media.rekeySend(call.pendingSendKeys);
                                call.pendingSendKeys = null;
                                renewIfWaiting(call);
                            }
                        }
                    }
                }
                case "BYE" -> {
                    request.respond(200, "OK");
                    if (call != null) {
                        synchronized (call) {
                            end(call, CallState.Ended, "remote hang-up");
                        }
                    }
                }
                case "CANCEL" -> {
                    request.respond(200, "OK");
                    if (call != null) {
                        synchronized (call) {
                            if (call.pendingInvite != null) {
                                call.pendingInvite.respond(487, "Request Terminated");
                                call.pendingInvite = null;
                                end(call, CallState.Ended, "cancelled by caller");
                            }
                        }
                    }
                }
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
        Call call = registry.byCallId(response.callId()).orElse(null);
        if (call != null) {
            synchronized (call) {
                if (call.state == CallState.Calling) {
                    change(call, CallState.Ringing, "");
                }
            }
        }
    }

    private void inviteAnswered(Call call, SipResponse response, Throwable failure) {
        synchronized (call) {
            if (failure != null) {
                end(call, CallState.Failed, rootMessage(failure));
                return;
            }
            if (!response.isSuccess() && call.offeredSecure && !call.cancelRequested && call.security.rtpMode() == RtpMode.SecureWithFallback
                    && (response.statusCode() == 415 || response.statusCode() == 488 || response.statusCode() == 606)) {
                // SecureWithFallback: the peer has no security; call again with plain RTP (new INVITE, new Call-ID).
                try {
                    String old = call.callId;
                    call.callId = "ta-" + UUID.randomUUID();
                    registry.changeCallId(call, old);
                    call.keying = null;
                    call.keyManagement = null;
                    sendInvite(call, false);
                } catch (KeyManagementException | RuntimeException e) {
                    end(call, CallState.Failed, e.getMessage());
                }
                return;
            }
            if (!response.isSuccess()) {
                boolean cancelled = call.cancelRequested && response.statusCode() == 487;
                end(call, cancelled ? CallState.Ended : CallState.Failed, response.statusCode() + " " + response.reasonPhrase());
                return;
            }
            call.dialog = response.dialog().orElse(null);
            if (call.dialog == null) {
                end(call, CallState.Failed, "2xx without a dialog");
                return;
            }
            call.dialog.sendAck("", new byte[0]);
            if (call.state.isFinal()) {
                // Hung up while the answer was on its way (CANCEL crossed the 200): end the dialog.
                call.dialog.sendRequest(OutgoingRequest.of("BYE", ""));
                return;
            }
            try {
                SessionDescription answer = SessionDescription.parse(response.body());
                startFromAnswer(call, answer, call.keying);
                change(call, CallState.Connected, "");
            } catch (SdpParseException | KeyManagementException | IOException | RuntimeException e) {
                // The media cannot be what we need: the call must not go on unprotected or undecryptable.
                call.dialog.sendRequest(OutgoingRequest.of("BYE", ""));
                end(call, CallState.Failed, "unusable answer: " + e.getMessage());
            }
        }
    }

    /** Offerer: reads the answer, checks the security, keys and starts the media. */
    private void startFromAnswer(Call call, SessionDescription answer, KeyingSession keying) throws KeyManagementException, IOException {
        if (answer.media().isEmpty() || answer.media().get(0).isRejected()) {
            throw new IOException("the audio stream was refused");
        }
        MediaDescription audio = answer.media().get(0);
        boolean offeredSecure = call.offeredSecure;
        MediaKeys keys = MediaKeys.PLAIN;
        if (offeredSecure && !audio.isSecureRtp()) {
            if (call.security.rtpMode() != RtpMode.SecureWithFallback) {
                throw new IOException("the peer answered " + audio.protocol() + " to a secure offer and rtpMode is Secure ("
                        + call.security.source() + ")");
            }
            call.secure = false;
        } else if (audio.isSecureRtp()) {
            keying.acceptAnswer(SdpKeyings.of(answer, config.attributeNames()));
            keys = MediaKeys.srtp(keying.sendKeys(0), keying.receiveKeyRing(0));
            call.keying = keying;
            call.secure = true;
            call.suite = keys.send().orElseThrow().profile().name();
        }
        call.keys = keys;
        call.codec = codecOf(audio);
        try {
            // A re-INVITE may hold with 0.0.0.0; an answer that opens the call may not.
            call.peerMedia = PeerMediaAddress.of(answer, audio, settings.address(), false).address().orElseThrow();
        } catch (PeerMediaAddress.Unusable e) {
            throw new IOException(e.getMessage());
        }
        call.media.start(call.peerMedia, call.codec, keys);
    }

    private void incomingCall(IncomingRequest request) {
        String line = request.line().orElse("");
        CallLimits.Verdict verdict = CallLimits.check(config.current(), registry, line);
        if (!verdict.allowed()) {
            // Refused before it becomes a call: a flood of INVITEs must not fill the call list either.
            request.respond(verdict.code(), verdict.phrase());
            events.accept(UnitEvent.of(UnitEvent.ERROR, "source", "srtp-ta", "state", "Warning",
                    "message", "call from " + peerOf(request) + " refused with " + verdict.code() + " " + verdict.phrase() + ": " + verdict.reason(),
                    "line", line));
            LOG.log(System.Logger.Level.INFO, "INVITE from {0} refused with {1}: {2}", peerOf(request), verdict.code(), verdict.reason());
            return;
        }
        String id = registry.nextNumber();
        Call call = new Call(id, request.callId(), false, line, peerOf(request), CallState.Ringing);
        synchronized (call) {
            registry.add(call);
            try {
                call.security = config.securityOf(call.line);
            } catch (IllegalArgumentException e) {
                // An unreadable override must not fall back to the (maybe weaker) defaults.
                refuse(call, request, 500, "Server Internal Error", e.getMessage());
                return;
            }
            SessionDescription offer;
            try {
                offer = SessionDescription.parse(request.body());
            } catch (SdpParseException e) {
                refuse(call, request, 400, "Bad Request", "malformed SDP offer: " + e.getMessage());
                return;
            }
            SdpKeying offered = SdpKeyings.of(offer, config.attributeNames());
            KeyManagement configured = null;
            if (offer.isSecure() && call.security.rtpMode() != RtpMode.Unsecure) {
                configured = config.keyManagements().named(call.security.keyManagement()).orElse(null);
                if (configured == null) {
                    refuseUnsupported(call, request, "key management " + call.security.keyManagement() + " is not available ("
                            + call.security.source() + ")");
                    return;
                }
                if (!configured.isPresent(offered) && otherKeyManagementPresent(configured, offered)) {
                    // Guide 3.4: only the other key management offered: refuse, and say so in the syslog.
                    // state=Warning: the unit logs this line at warning (docs/events.md, docs/management.md).
                    UnitEvent error = UnitEvent.of(UnitEvent.ERROR, "source", "SdpTools", "state", "Warning",
                            "code", MISMATCH_CODE, "message", MISMATCH_MESSAGE, "call", call.id);
                    events.accept(error);
                    refuseUnsupported(call, request, "wrong key management (expected " + configured.name() + ")");
                    return;
                }
            }
            try {
                call.media = openMedia(call);
                call.origin = Origin.of("-", Math.abs(RANDOM.nextLong() >>> 1), 1, settings.address().getHostAddress());
                SessionDescription answer = Answerer.answer(offer, policy(call, 0));
                int audio = audioIndex(answer);
                if (audio < 0) {
                    refuseUnsupported(call, request, "no acceptable audio stream for " + call.security.describe());
                    return;
                }
                MediaKeys keys = MediaKeys.PLAIN;
                MediaDescription chosen = answer.media().get(audio);
                if (chosen.isSecureRtp()) {
                    if (configured == null || !configured.isPresent(offered)) {
                        refuseUnsupported(call, request, "secure offer without " + call.security.keyManagement() + " keying");
                        return;
                    }
                    CallSettings.requireSignalling(configured, request.transport());
                    call.keyManagement = configured;
                    call.keying = configured.newSession(config.parameters(call, offer.media().size()));
                    SdpKeying answerKeying = call.keying.answer(offered);
                    answer = SdpKeyings.withKeying(answer, SdpKeyings.restrictToSecureStreams(answerKeying, answer), config.attributeNames());
                    keys = MediaKeys.srtp(call.keying.sendKeys(audio), call.keying.receiveKeyRing(audio));
                    call.secure = true;
                    call.suite = keys.send().orElseThrow().profile().name();
                }
                call.keys = keys;
                call.codec = codecOf(chosen);
                try {
                    call.peerMedia = PeerMediaAddress.of(offer, offer.media().get(audio), settings.address(), false).address().orElseThrow();
                } catch (PeerMediaAddress.Unusable e) {
                    // The reason goes into the CALL event: the operator sees why the peer's media was refused.
                    request.respond(488, "Not Acceptable Here");
                    LOG.log(System.Logger.Level.INFO, "call {0} from {1} refused with 488: {2}", call.id, call.peer, e.getMessage());
                    end(call, CallState.Failed, "488 Not Acceptable Here: " + e.getMessage());
                    return;
                }
                call.preparedAnswer = answer.writeUtf8();
                call.pendingInvite = request;
                request.respond(180, "Ringing");
                post(call);
                call.media.sending(sends(offer.direction(audio)));
            } catch (KeyManagementException e) {
                refuseUnsupported(call, request, e.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
                refuse(call, request, 500, "Server Internal Error", e.getMessage());
                return;
            }
        }
        if (config.current().autoAnswer()) {
            answer(id);
        }
    }

    private boolean otherKeyManagementPresent(KeyManagement configured, SdpKeying offered) {
        return config.keyManagements().all().stream().anyMatch(k -> !k.name().equals(configured.name()) && k.isPresent(offered));
    }

    /** A re-INVITE from the peer: hold/resume, re-keying, or a switch to T.38. */
    private void reinvite(Call call, IncomingRequest request) {
        synchronized (call) {
            SessionDescription offer;
            try {
                offer = SessionDescription.parse(request.body());
            } catch (SdpParseException e) {
                request.respond(400, "Bad Request");
                return;
            }
            if (call.reinvitePending) {
                // RFC 3261 14.2: our own re-INVITE is pending (glare).
                request.respond(491, "Request Pending");
                return;
            }
            boolean t38 = offer.media().stream().anyMatch(m -> !m.isRejected() && m.isT38());
            try {
                if (t38) {
                    fax.accept(call, request, offer);
                    return;
                }
                call.origin = call.origin.nextVersion();
                SessionDescription answer = Answerer.answer(offer, policy(call, 0));
                int audio = audioIndex(answer);
                if (audio < 0 || answer.media().get(audio).isSecureRtp() != call.secure) {
                    // The security of a call does not change in a re-INVITE: that would be a downgrade.
                    int code = config.current().rejectCodeForUnsupportedOffer();
                    request.respond(code, reasonOf(code));
                    return;
                }
                PeerMediaAddress.Target target;
                try {
                    target = PeerMediaAddress.of(offer, offer.media().get(audio), settings.address(), true);
                } catch (PeerMediaAddress.Unusable e) {
                    request.respond(488, "Not Acceptable Here");
                    LOG.log(System.Logger.Level.INFO, "call {0}: re-INVITE refused with 488: {1}", call.id, e.getMessage());
                    return;
                }
                if (call.secure) {
                    SdpKeying offered = SdpKeyings.of(offer, config.attributeNames());
                    SdpKeying answerKeying;
                    boolean hasKeying = !offered.sessionAttributes().isEmpty()
                            || offered.mediaAttributes().stream().anyMatch(l -> !l.isEmpty());
                    if (!hasKeying) {
                        // MIKEY under Keep: no new exchange, the keys stay.
                        answerKeying = SdpKeying.empty(offer.media().size());
                    } else if (!call.keyManagement.needs().keepsKeysOnReinvite()) {
                        // The method re-keys by a fresh exchange (its messages cannot be repeated).
                        call.keying = call.keyManagement.newSession(config.parameters(call, offer.media().size()));
                        answerKeying = call.keying.answer(offered);
                    } else {
                        // A sending key near its lifetime may not be kept, whatever the mode.
                        CryptoUpdateMode mode = call.media.isRenewalDue() ? CryptoUpdateMode.Regenerate : config.current().sessionUpdateCryptoMode();
                        answerKeying = call.keying.answer(offered, mode);
                    }
                    answer = SdpKeyings.withKeying(answer, SdpKeyings.restrictToSecureStreams(answerKeying, answer), config.attributeNames());
                    call.keys = MediaKeys.srtp(call.keying.sendKeys(audio), call.keying.receiveKeyRing(audio));
                    call.media.rekeyReceive(call.keys);
                    call.pendingSendKeys = call.keys;
                }
                Direction offered = target.isHold() ? Direction.INACTIVE : offer.direction(audio);
                request.respond(200, "OK", SDP, answer.writeUtf8());
                target.address().ifPresent(a -> call.peerMedia = a);
                call.media.sending(sends(offered));
                change(call, offered == Direction.SENDRECV ? CallState.Connected : CallState.OnHold, "");
                awaitAck(call);
                if (call.renewWhenIdle) {
                    // Our new sending keys start with the ACK; whether they still need renewing is checked after.
                    scheduler.schedule(() -> renewKeys(call), 500, TimeUnit.MILLISECONDS);
                }
            } catch (KeyManagementException e) {
                int code = config.current().rejectCodeForUnsupportedOffer();
                request.respond(code, reasonOf(code));
                LOG.log(System.Logger.Level.WARNING, "call {0}: re-INVITE refused: {1}", call.id, e.getMessage());
            } catch (IOException | RuntimeException e) {
                request.respond(500, "Server Internal Error");
                LOG.log(System.Logger.Level.WARNING, "call {0}: re-INVITE failed: {1}", call.id, e.toString());
            }
        }
    }

    private void reinviteAnswered(Call call, KeyingSession keying, boolean hold, boolean renewal, SipResponse response,
                                  Throwable failure) {
        synchronized (call) {
            call.reinvitePending = false;
            if (failure == null && response.statusCode() == 491 && renewal && !call.state.isFinal()) {
                long delay = this.renewal.retryAfterGlare(call);
                LOG.log(System.Logger.Level.INFO, "call {0}: key renewal met a re-INVITE of the peer (491): retry in {1} ms", call.id, delay);
                return;
            }
            if (failure != null || !response.isSuccess()) {
                call.media.sending(call.state != CallState.OnHold);
                call.reason = "re-INVITE failed: " + (failure != null ? rootMessage(failure) : response.statusCode() + " " + response.reasonPhrase());
                post(call);
                if (!renewal) {
                    renewIfWaiting(call);
                }
                return;
            }
            try {
                SessionDescription answer = SessionDescription.parse(response.body());
                if (call.secure) {
                    SdpKeying answered = SdpKeyings.of(answer, config.attributeNames());
                    boolean hasKeying = !answered.sessionAttributes().isEmpty()
                            || answered.mediaAttributes().stream().anyMatch(l -> !l.isEmpty());
                    // A method that does not keep keys answers a keyless re-offer (Keep) without keying: the keys stay.
                    if (hasKeying || call.keyManagement.needs().keepsKeysOnReinvite()) {
                        keying.acceptAnswer(answered);
                        call.keying = keying;
                        call.keys = MediaKeys.srtp(keying.sendKeys(0), keying.receiveKeyRing(0));
                        call.media.rekey(call.keys);
                        // Keys of an answer of ours still waiting for its ACK are superseded by these.
                        call.pendingSendKeys = null;
                    }
                }
                // ACK after the new keys are in place: the answerer switches its sending keys on it.
                call.dialog.sendAck("", new byte[0]);
                change(call, hold ? CallState.OnHold : CallState.Connected, "");
                renewIfWaiting(call);
            } catch (SdpParseException | KeyManagementException | RuntimeException e) {
                call.dialog.sendAck("", new byte[0]);
                call.dialog.sendRequest(OutgoingRequest.of("BYE", ""));
                end(call, CallState.Failed, "unusable re-INVITE answer: " + e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private RtpSession openMedia(Call call) throws IOException {
        AudioSource tone = settings.audioFile().isPresent() ? org.secureta.srtp.media.WavSource.read(settings.audioFile().get())
                : new ToneGenerator(call.outgoing ? settings.callerTone() : settings.calleeTone(), settings.amplitude());
        RtpSession session = RtpSession.open(call.id, settings.address(), config.current().srtpBasePort(), scheduler, tone,
                call.outgoing ? settings.calleeTone() : settings.callerTone());
        // The caller renews at half the lifetime, the callee only at a quarter left: when both keys age
        // together, the caller's re-INVITE renews both and the two rarely collide (RFC 3261 14.1 glare).
        session.onKeyRenewalDue(call.outgoing ? 0.5 : 0.25, () -> scheduler.execute(() -> renewKeys(call)));
        return session;
    }

    private void renewIfWaiting(Call call) {
        if (call.renewWhenIdle) {
            scheduler.execute(() -> renewKeys(call));
        }
    }

    private AnswerPolicy policy(Call call, int t38Port) {
        return new AnswerPolicy(call.origin, settings.address().getHostAddress(), call.media.localPort(),
                List.of(AudioCodec.PCMU, AudioCodec.PCMA), true, AnswerPolicy.protocolsFor(call.security.rtpMode()), t38Port);
    }

    private static int audioIndex(SessionDescription answer) {
        for (int i = 0; i < answer.media().size(); i++) {
            MediaDescription m = answer.media().get(i);
            if (!m.isRejected() && m.media().equals("audio")) {
                return i;
            }
        }
        return -1;
    }

    private static G711 codecOf(MediaDescription audio) {
        for (int pt : audio.payloadTypes()) {
            if (pt == 0 || pt == 8) {
                return G711.ofPayloadType(pt);
            }
        }
        throw new IllegalArgumentException("no G.711 payload type in m=" + audio.media() + " " + audio.formats());
    }

    /** Whether we send when the peer offered {@code direction}. */
    private static boolean sends(Direction offered) {
        return offered == Direction.SENDRECV || offered == Direction.RECVONLY;
    }

    private void refuseUnsupported(Call call, IncomingRequest request, String why) {
        int code = config.current().rejectCodeForUnsupportedOffer();
        refuse(call, request, code, reasonOf(code), why);
    }

    private void refuse(Call call, IncomingRequest request, int code, String phrase, String why) {
        request.respond(code, phrase);
        LOG.log(System.Logger.Level.INFO, "call {0} from {1} refused with {2}: {3}", call.id, call.peer, code, why);
        end(call, CallState.Failed, code + " " + phrase);
    }

    static String reasonOf(int code) {
        return switch (code) {
            case 415 -> "Unsupported Media Type";
            case 488 -> "Not Acceptable Here";
            case 606 -> "Not Acceptable";
            default -> "Rejected";
        };
    }

    private static String peerOf(IncomingRequest request) {
        String from = request.header("From").orElse("");
        int start = from.indexOf("sip");
        if (start < 0) {
            return "unknown";
        }
        int end = start;
        while (end < from.length() && ">;".indexOf(from.charAt(end)) < 0 && !Character.isWhitespace(from.charAt(end))) {
            end++;
        }
        return from.substring(start, end);
    }

    private Call find(String id) {
        return registry.find(id);
    }

    private static void requireDialog(Call call) {
        if (call.dialog == null || call.state.isFinal()) {
            throw new IllegalStateException("call " + call.id + " is not established (" + call.state + ")");
        }
    }

    private void change(Call call, CallState state, String reason) {
        call.state = state;
        call.reason = reason;
        post(call);
    }

    private void end(Call call, CallState state, String reason) {
        call.acked();
        call.closeMedia();
        change(call, state, reason);
        registry.forgetLater(call, scheduler);
        if (config.applyPendingIfIdle(registry.live(null).isEmpty())) {
            postConfigured("applied after the last call ended");
        }
    }

    /**
     * RFC 3261 13.3.1.4: a 2xx to an INVITE that gets no ACK within 64*T1 ends the dialog with a
     * BYE, so that a peer that never ACKs cannot hold the call's media, sender and sockets.
     */
    private void awaitAck(Call call) {
        long wait = 64L * config.current().timerT1Millis();
        call.awaitAck(scheduler.schedule(() -> {
            synchronized (call) {
                if (!call.awaitingAck() || call.state.isFinal()) {
                    return;
                }
                if (call.dialog != null) {
                    call.dialog.sendRequest(OutgoingRequest.of("BYE", ""));
                }
                end(call, CallState.Ended, "no ACK within " + wait + " ms (RFC 3261 13.3.1.4)");
            }
        }, wait, TimeUnit.MILLISECONDS));
    }

    private void post(Call call) {
        events.accept(call.status().toEvent());
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
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
        for (Call call : registry.all()) {
            synchronized (call) {
                if (!call.state.isFinal()) {
                    if (call.pendingInvite != null) {
                        call.pendingInvite.respond(480, "Temporarily Unavailable");
                        call.pendingInvite = null;
                    } else if (call.dialog != null) {
                        call.dialog.sendRequest(OutgoingRequest.of("BYE", ""));
                    }
                    call.acked();
                    call.closeMedia();
                    change(call, CallState.Ended, reason);
                }
                call.closeMedia();
            }
        }
        scheduler.shutdownNow();
    }

}
