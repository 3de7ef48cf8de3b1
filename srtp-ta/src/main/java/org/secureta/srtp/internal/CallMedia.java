package org.secureta.srtp.internal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import org.secureta.srtp.media.AudioSource;
import org.secureta.srtp.media.G711;
import org.secureta.srtp.media.MediaEngine;
import org.secureta.srtp.media.MediaSession;
import org.secureta.srtp.media.MediaSessionSpec;
import org.secureta.srtp.media.ToneGenerator;
import org.secureta.srtp.media.WavSource;
import org.secureta.srtp.sdp.AnswerPolicy;
import org.secureta.srtp.sdp.AudioCodec;
import org.secureta.srtp.sdp.Direction;
import org.secureta.srtp.sdp.MediaDescription;
import org.secureta.srtp.sdp.SessionDescription;

/**
 * A call's media as the SDP sees it: opening its RTP session (tone or WAV source, and the hook
 * that asks for key renewal), the policy our answers follow, and the choices read from an SDP
 * (the audio stream, its G.711 codec, whether we send).
 */
final class CallMedia {

    private final CallAgent.MediaSettings media;
    private final CallSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Consumer<Call> renewalDue;
    private final MediaEngines engines;

    /** {@code renewalDue} runs on the scheduler when a call's sending key nears its lifetime. */
    CallMedia(CallAgent.MediaSettings media, CallSettings settings, ScheduledExecutorService scheduler, Consumer<Call> renewalDue,
              MediaEngines engines) {
        this.engines = engines;
        this.media = media;
        this.settings = settings;
        this.scheduler = scheduler;
        this.renewalDue = renewalDue;
    }

    /**
     * Opens the call's media on the engine SecureTA.MediaEngine names.
     *
     * @throws IOException when no port pair is free, or that engine is not available (naming those that are)
     */
    MediaSession open(Call call) throws IOException {
        String name = settings.current().mediaEngine().name();
        MediaEngine engine = engines.named(name).orElseThrow(() -> new IOException("media engine " + name
                + " (SecureTA.MediaEngine) is not available; available: " + engines.names()
                + (name.equals("Libjitsi") ? " (Libjitsi needs the bundle org.secureta.libjitsi-keying active)" : "")));
        AudioSource tone = media.audioFile().isPresent() ? WavSource.read(media.audioFile().get())
                : new ToneGenerator(call.outgoing ? media.callerTone() : media.calleeTone(), media.amplitude());
        MediaSession session = engine.open(new MediaSessionSpec(call.id, media.address(), settings.current().srtpBasePort(), scheduler,
                tone, call.outgoing ? media.calleeTone() : media.callerTone(), call.crypto.security.keyManagement()));
        String keyLog = settings.current().srtpKeyLogFile().strip();
        if (!keyLog.isEmpty()) {
            if (session instanceof org.secureta.srtp.media.RtpSession native_) {
                native_.logKeysTo(new org.secureta.srtp.keylog.SrtpKeyLog(java.nio.file.Path.of(keyLog)), call.callId());
            } else {
                // The key log is written where the native engine installs keys per SSRC; another engine keys itself.
                System.getLogger(CallMedia.class.getName()).log(System.Logger.Level.WARNING, "SecureTA.SrtpKeyLogEnable: call "
                        + call.id + " runs on the " + session.engine() + " media engine, which writes no SRTP key log");
            }
        }
        // The caller renews at half the lifetime, the callee only at a quarter left: when both keys age
        // together, the caller's re-INVITE renews both and the two rarely collide (RFC 3261 14.1 glare).
        session.onKeyRenewalDue(call.outgoing ? 0.5 : 0.25, () -> scheduler.execute(() -> renewalDue.accept(call)));
        return session;
    }

    /** What our answers offer: G.711, the call's RTP profile, and a T.38 port when {@code t38Port} is not 0. */
    AnswerPolicy policy(Call call, int t38Port) {
        return new AnswerPolicy(call.rtp.origin, media.address().getHostAddress(), call.rtp.session.localPort(),
                List.of(AudioCodec.PCMU, AudioCodec.PCMA), true, AnswerPolicy.protocolsFor(call.crypto.security.rtpMode()), t38Port);
    }

    /** The index of the first accepted audio stream, or -1. */
    static int audioIndex(SessionDescription answer) {
        for (int i = 0; i < answer.media().size(); i++) {
            MediaDescription m = answer.media().get(i);
            if (!m.isRejected() && m.media().equals("audio")) {
                return i;
            }
        }
        return -1;
    }

    static G711 codecOf(MediaDescription audio) {
        for (int pt : audio.payloadTypes()) {
            if (pt == 0 || pt == 8) {
                return G711.ofPayloadType(pt);
            }
        }
        throw new IllegalArgumentException("no G.711 payload type in m=" + audio.media() + " " + audio.formats());
    }

    /** Whether we send when the peer offered {@code direction} (RFC 3264 6.1). */
    static boolean sends(Direction offered) {
        return offered == Direction.SENDRECV || offered == Direction.RECVONLY;
    }
}
