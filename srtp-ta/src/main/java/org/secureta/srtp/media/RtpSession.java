package org.secureta.srtp.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.secureta.srtp.crypto.SrtcpContext;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.crypto.SrtpContext;
import org.secureta.srtp.crypto.SrtpFailure;

/**
 * The audio of one call: 20 ms G.711 frames (160 samples, RFC 3551 4.5.14) from an
 * {@link AudioSource}, sent as RTP or SRTP to the peer; what arrives is unprotected, decoded and
 * fed to a {@link ToneDetector}; an RTCP sender report (SRTCP when secure) every
 * {@value #RTCP_INTERVAL_MS} ms. Packet buffers are allocated once per session: the packet path
 * allocates nothing.
 *
 * <p>Threads: the sender runs on the agent's scheduler (one thread), what arrives is handled on the
 * JVM's one {@link MediaReceiver} thread. Each SRTP/SRTCP context is used by exactly one of them.
 */
public final class RtpSession implements MediaSession {

    /** The engine name of the unit's own media path. */
    public static final String ENGINE = "Native";

    public static final int FRAME_SAMPLES = 160;
    static final int RTCP_INTERVAL_MS = 2000;
    private static final int HEADER = 12;
    /** Room for the largest RTP/RTCP packet we accept plus the SRTP/SRTCP trailer (MKI up to 128, tag 10, E+index 4). */
    private static final int BUFFER = 1500;
    private static final System.Logger LOG = System.getLogger(RtpSession.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private final ScheduledExecutorService scheduler;
    private final ToneDetector detector;
    private final AudioSource source;

    private final int ssrc = RANDOM.nextInt();
    private int sequence = RANDOM.nextInt(0x10000);
    private int timestamp = RANDOM.nextInt();
    private final short[] sendSamples = new short[FRAME_SAMPLES];
    private final byte[] sendBuffer = new byte[BUFFER];
    private final ByteBuffer sendPacket = ByteBuffer.wrap(sendBuffer);
    private final byte[] rtcpSendBuffer = new byte[BUFFER];
    private final ByteBuffer rtcpSendPacket = ByteBuffer.wrap(rtcpSendBuffer);
    private final short[] receiveSamples = new short[BUFFER];

    private volatile InetSocketAddress remote;
    private volatile InetSocketAddress remoteRtcp;
    private volatile G711 codec = G711.PCMU;
    private volatile SrtpContext sendContext;
    private volatile SrtpContext receiveContext;
    private volatile SrtcpContext rtcpSendContext;
    private volatile SrtcpContext rtcpReceiveContext;
    private MediaKeys currentReceiveKeys;
    private MediaKeys currentSendKeys;
    private volatile SrtpContext previousReceiveContext;
    private volatile SrtcpContext previousRtcpReceiveContext;
    private volatile boolean sending;
    private volatile boolean closed;
    private ScheduledFuture<?> sender;
    /** Where the keys of this call go when SecureTA.SrtpKeyLogEnable is on; null when off. */
    private volatile org.secureta.srtp.keylog.SrtpKeyLog keyLog;
    /** The SIP Call-ID the key log names (what a capture shows), set with the key log. */
    private volatile String keyLogCallId;
    private ScheduledFuture<?> reporter;
    private boolean receiving;

    // Single writer each (sender task, the receiver thread); volatile for the status readers.
    private volatile long sent;
    private volatile long octetsSent;
    private volatile long received;
    private volatile long authFailures;
    private volatile long replays;
    private volatile long malformed;
    private volatile long rtcpSent;
    private volatile long rtcpReceived;
    private volatile long rtcpAuthFailures;
    private volatile long rtcpReplays;
    private volatile long keyChanges;
    private volatile long sendExpired;
    private volatile long receiveExpired;
    private volatile long rtcpReceiveExpired;
    private volatile long strays;
    private volatile long rtcpStrays;

    /** Run (on the sender thread) once per sending key when it has used up its renewal share; null: none. */
    private volatile Runnable keyRenewal;
    /** Renew when this fraction of the sending key's lifetime is left. */
    private volatile double renewalShare = 0.5;
    /** The sending contexts whose renewal was asked for already. */
    private SrtpContext renewalAskedFor;
    private SrtcpContext rtcpRenewalAskedFor;

    private RtpSession(String name, DatagramChannel[] sockets, ScheduledExecutorService scheduler, AudioSource source, ToneDetector detector) {
        this.name = name;
        this.rtp = sockets[0];
        this.rtcp = sockets[1];
        this.scheduler = scheduler;
        this.source = source;
        this.detector = detector;
    }

    /**
     * Binds the session's ports (see {@link MediaPorts}); nothing is sent before {@link #start}.
     *
     * @param name for logs, for example the call id
     * @param expectedTone the frequency the peer is expected to send
     */
    public static RtpSession open(String name, InetAddress local, int basePort, ScheduledExecutorService scheduler,
                                  AudioSource source, double expectedTone) throws IOException {
        return new RtpSession(name, MediaPorts.bindChannelPair(local, basePort), scheduler, source, new ToneDetector(expectedTone));
    }

    /** The unit's own media engine (Native): one {@link RtpSession} per call. */
    public static final MediaEngine NATIVE = new MediaEngine() {
        @Override
        public String name() {
            return ENGINE;
        }

        @Override
        public MediaSession open(MediaSessionSpec spec) throws IOException {
            return RtpSession.open(spec.name(), spec.address(), spec.basePort(), spec.scheduler(), spec.source(), spec.expectedTone());
        }
    };

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public int localPort() {
        return rtp.socket().getLocalPort();
    }

    /** The RTP socket's address and port. */
    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) rtp.socket().getLocalSocketAddress();
    }

    @Override
    public int localRtcpPort() {
        return rtcp.socket().getLocalPort();
    }

    private static final long FRAME_NANOS = 20_000_000L;

    /**
     * Nanoseconds from {@code now} to the next tick of one 20 ms grid shared by every session of the JVM. All
     * sessions on one scheduler then send at the same instants, so that a wake-up of its thread sends every due
     * frame in a row instead of one wake-up per session and frame (a fleet's hundreds of calls). The first frame
     * leaves within one packet time.
     */
    static long untilNextFrameTick(long now) {
        return FRAME_NANOS - Math.floorMod(now, FRAME_NANOS);
    }

    /** Starts sending to and receiving from the peer's RTP address (RTCP on the next port). */
    @Override
    public synchronized void start(InetSocketAddress peer, G711 payload, MediaKeys keys) {
        Objects.requireNonNull(peer, "peer");
        if (closed) {
            throw new IllegalStateException("media session " + name + " is closed");
        }
        this.remote = peer;
        this.remoteRtcp = new InetSocketAddress(peer.getAddress(), peer.getPort() + 1);
        this.codec = payload;
        rekey(keys);
        sending = true;
        if (!receiving) {
            try {
                MediaReceiver.SHARED.register(rtp, this::onRtp);
                MediaReceiver.SHARED.register(rtcp, this::onRtcp);
            } catch (IOException e) {
                throw new UncheckedIOException("media session " + name + " cannot receive: " + e.getMessage(), e);
            }
            receiving = true;
        }
        if (sender == null) {
            sender = scheduler.scheduleAtFixedRate(this::sendFrame, untilNextFrameTick(System.nanoTime()), FRAME_NANOS, TimeUnit.NANOSECONDS);
            reporter = scheduler.scheduleAtFixedRate(this::sendReport, RTCP_INTERVAL_MS, RTCP_INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Installs new keys in both directions, or none for plain RTP. Keys equal to the current ones
     * keep the contexts, with their rollover counters and replay windows.
     */
    @Override
    public synchronized void rekey(MediaKeys keys) {
        rekeyReceive(keys);
        rekeySend(keys);
    }

    /**
     * Installs the keys of what we receive (a re-INVITE under Mipt.SessionUpdateCryptoMode=Regenerate).
     * The previous keys stay as a fallback for packets the peer sent before it switched, so the
     * change of keys costs no audio and no false authentication failure.
     */
    @Override
    public synchronized void rekeyReceive(MediaKeys keys) {
        if (currentReceiveKeys != null && keys.receive().equals(currentReceiveKeys.receive())) {
            return;
        }
        if (currentReceiveKeys != null) {
            keyChanges++;
        }
        previousReceiveContext = receiveContext;
        previousRtcpReceiveContext = rtcpReceiveContext;
        currentReceiveKeys = keys;
        receiveContext = keys.receive().isEmpty() ? null : SrtpContext.forReceiving(keys.receive());
        for (SrtpKeys k : keys.receive()) {
            // The peer's SSRC is not known before its first packet (an SDES answer names none): "any".
            logKeys(org.secureta.srtp.keylog.SrtpKeyLogEntry.Direction.RECEIVE, java.util.OptionalInt.empty(), k);
        }
        rtcpReceiveContext = keys.receive().isEmpty() ? null : SrtcpContext.forReceiving(keys.receive());
    }

    /** Installs the keys of what we send, once the peer can know them (after our answer was acknowledged). */
    @Override
    public synchronized void rekeySend(MediaKeys keys) {
        if (currentSendKeys != null && keys.send().equals(currentSendKeys.send())) {
            return;
        }
        currentSendKeys = keys;
        keys.send().ifPresent(k -> logKeys(org.secureta.srtp.keylog.SrtpKeyLogEntry.Direction.SEND, java.util.OptionalInt.of(ssrc), k));
        sendContext = keys.send().map(SrtpContext::forSending).orElse(null);
        rtcpSendContext = keys.send().map(SrtcpContext::forSending).orElse(null);
    }

    /**
     * Writes this call's keys, each time they change, to the SRTP key log (SecureTA.SrtpKeyLogEnable),
     * for {@code ta decrypt --srtp-keys}; set before {@link #start}.
     */
    public void logKeysTo(org.secureta.srtp.keylog.SrtpKeyLog log, String callId) {
        this.keyLogCallId = callId;
        this.keyLog = log;
    }

    private void logKeys(org.secureta.srtp.keylog.SrtpKeyLogEntry.Direction direction, java.util.OptionalInt ssrc, SrtpKeys keys) {
        org.secureta.srtp.keylog.SrtpKeyLog log = keyLog;
        if (log == null) {
            return;
        }
        try {
            log.write(new org.secureta.srtp.keylog.SrtpKeyLogEntry(keyLogCallId, direction, ssrc, keys));
        } catch (java.io.IOException | IllegalArgumentException e) {
            // The key log is a troubleshooting aid: the call goes on without it. The message names the file, never a key.
            LOG.log(System.Logger.Level.WARNING, "{0}: cannot write the SRTP key log {1}: {2}", name, log.file(), e.getMessage());
        }
    }

    /**
     * Asks for new keys before the sending key's lifetime runs out (RFC 4568 6.1: the sender re-keys
     * in time): {@code renewal} runs on the sender thread once per sending key, when only
     * {@code share} of its SRTP or SRTCP lifetime is left. Keys whose lifetime is the SRTP maximum
     * never ask in practice.
     *
     * @param share between 0 and 1, exclusive
     */
    @Override
    public void onKeyRenewalDue(double share, Runnable renewal) {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("renewal share must be between 0 and 1, not " + share);
        }
        this.renewalShare = share;
        this.keyRenewal = renewal;
    }

    /** Whether the current sending key has used up its renewal share (SRTP or SRTCP). */
    @Override
    public boolean isRenewalDue() {
        SrtpContext context = sendContext;
        SrtcpContext control = rtcpSendContext;
        return context != null && (context.packetsLeft() <= context.lifetime() * renewalShare
                || control.packetsLeft() <= control.lifetime() * renewalShare);
    }

    private void checkRenewal() {
        Runnable renewal = keyRenewal;
        SrtpContext context = sendContext;
        SrtcpContext control = rtcpSendContext;
        if (renewal == null || context == null || (context == renewalAskedFor && control == rtcpRenewalAskedFor)) {
            return;
        }
        if (isRenewalDue()) {
            renewalAskedFor = context;
            rtcpRenewalAskedFor = control;
            renewal.run();
        }
    }

    /** Whether we send audio: false while the peer holds us (it sent sendonly or inactive). */
    @Override
    public void sending(boolean enabled) {
        sending = enabled;
    }

    @Override
    public boolean isSending() {
        return sending;
    }

    @Override
    public boolean isSecure() {
        return sendContext != null;
    }

    public ToneDetector detector() {
        return detector;
    }

    @Override
    public MediaCounters counters() {
        return new MediaCounters(sent, received, authFailures + rtcpAuthFailures, replays + rtcpReplays, malformed,
                rtcpSent, rtcpReceived, detector.toneFrames(), keyChanges,
                sendExpired + receiveExpired + rtcpReceiveExpired, strays + rtcpStrays);
    }

    private void sendFrame() {
        try {
            source.next(sendSamples);
            int seq = sequence;
            int ts = timestamp;
            sequence = (seq + 1) & 0xffff;
            timestamp = ts + FRAME_SAMPLES;
            if (!sending || closed) {
                return;
            }
            byte[] b = sendBuffer;
            b[0] = (byte) 0x80;
            b[1] = (byte) codec.payloadType();
            b[2] = (byte) (seq >>> 8);
            b[3] = (byte) seq;
            writeInt(b, 4, ts);
            writeInt(b, 8, ssrc);
            codec.encode(sendSamples, FRAME_SAMPLES, b, HEADER);
            int length = HEADER + FRAME_SAMPLES;
            SrtpContext context = sendContext;
            if (context != null) {
                length = context.protect(b, 0, length);
                if (SrtpFailure.isFailure(length)) {
                    sendRefused(SrtpFailure.fromResult(length), "SRTP", context.lifetime());
                    return;
                }
                checkRenewal();
            }
            sendPacket.limit(length).position(0);
            // Non-blocking (the channel is the receiver's too): a full socket buffer drops the frame, as a network would.
            if (rtp.send(sendPacket, remote) == 0) {
                return;
            }
            sent++;
            octetsSent += FRAME_SAMPLES;
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.WARNING, "{0}: cannot send RTP: {1}", name, e.toString());
            }
        }
    }

    /** RFC 3550 6.4.1 sender report without report blocks, protected as SRTCP (RFC 3711 3.4) when secure. */
    private void sendReport() {
        try {
            if (closed || sent == 0) {
                return;
            }
            byte[] b = rtcpSendBuffer;
            b[0] = (byte) 0x80;
            b[1] = (byte) 200;
            b[2] = 0;
            b[3] = 6;
            writeInt(b, 4, ssrc);
            long now = System.currentTimeMillis();
            long ntpSeconds = now / 1000 + 2_208_988_800L;
            writeInt(b, 8, (int) ntpSeconds);
            writeInt(b, 12, (int) ((now % 1000) * 4_294_967L));
            writeInt(b, 16, timestamp);
            writeInt(b, 20, (int) sent);
            writeInt(b, 24, (int) octetsSent);
            int length = 28;
            SrtcpContext context = rtcpSendContext;
            if (context != null) {
                length = context.protect(b, 0, length);
                if (SrtpFailure.isFailure(length)) {
                    sendRefused(SrtpFailure.fromResult(length), "SRTCP", context.lifetime());
                    return;
                }
                checkRenewal();
            }
            rtcpSendPacket.limit(length).position(0);
            if (rtcp.send(rtcpSendPacket, remoteRtcp) == 0) {
                return;
            }
            rtcpSent++;
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.WARNING, "{0}: cannot send RTCP: {1}", name, e.toString());
            }
        }
    }

    /** An RTP packet on the receiver thread; {@code b} is the receiver's buffer, this session's until it returns. */
    private void onRtp(byte[] b, int length, SocketAddress from) {
        if (closed) {
            return;
        }
        SrtpContext context = receiveContext;
        if (context != null) {
            int result = context.unprotect(b, 0, length);
            SrtpContext previous = previousReceiveContext;
            if (result == SrtpFailure.AUTHENTICATION_FAILED.code() && previous != null) {
                // Sent before the peer switched to the new keys (a failed unprotect leaves the packet intact).
                result = previous.unprotect(b, 0, length);
            } else if (!SrtpFailure.isFailure(result) && previous != null && context == receiveContext) {
                // The peer uses the new keys: the fallback can go. (Not when this packet passed a context
                // read just before a re-keying: that context is now the fallback, still needed.)
                previousReceiveContext = null;
            }
            if (SrtpFailure.isFailure(result)) {
                if (result == SrtpFailure.AUTHENTICATION_FAILED.code() && fromElsewhere(from, remote)) {
                    countStray(false, from);
                    return;
                }
                countFailure(SrtpFailure.fromResult(result), false, from);
                return;
            }
            length = result;
        }
        int header = rtpHeaderLength(b, length);
        if (header < 0) {
            malformed++;
            return;
        }
        received++;
        int payloadType = b[1] & 0x7f;
        if (payloadType == 0 || payloadType == 8) {
            int count = Math.min(length - header, receiveSamples.length);
            G711.ofPayloadType(payloadType).decode(b, header, count, receiveSamples);
            detector.feed(receiveSamples, count);
        }
    }

    /** An RTCP packet on the receiver thread. */
    private void onRtcp(byte[] b, int length, SocketAddress from) {
        if (closed) {
            return;
        }
        SrtcpContext context = rtcpReceiveContext;
        if (context != null) {
            int result = context.unprotect(b, 0, length);
            SrtcpContext previous = previousRtcpReceiveContext;
            if (result == SrtpFailure.AUTHENTICATION_FAILED.code() && previous != null) {
                result = previous.unprotect(b, 0, length);
            } else if (!SrtpFailure.isFailure(result) && previous != null && context == rtcpReceiveContext) {
                previousRtcpReceiveContext = null;
            }
            if (SrtpFailure.isFailure(result)) {
                if (result == SrtpFailure.AUTHENTICATION_FAILED.code() && fromElsewhere(from, remoteRtcp)) {
                    countStray(true, from);
                    return;
                }
                countFailure(SrtpFailure.fromResult(result), true, from);
                return;
            }
            length = result;
        }
        if (length >= 8 && (b[0] & 0xc0) == 0x80) {
            rtcpReceived++;
        }
    }

    /** Called from the sender thread only (RTP and RTCP are both sent from the scheduler's thread). */
    private void sendRefused(SrtpFailure failure, String kind, long lifetime) {
        long count = failure == SrtpFailure.KEY_EXHAUSTED ? ++sendExpired : 0;
        if (failure == SrtpFailure.KEY_EXHAUSTED) {
            // RFC 3711 9.2: never past the lifetime; silence until new keys arrive (re-INVITE).
            if (count == 1 || count % 100 == 0) {
                LOG.log(System.Logger.Level.WARNING, "{0}: {1} not sent: the master key reached its lifetime of {2} packets; "
                        + "waiting for new keys ({3} packets held back so far)", name, kind, lifetime, count);
            }
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "{0}: {1} protect failed: {2}", name, kind, failure.description());
    }

    /**
     * Whether a packet comes from another address than the peer's (SDP c= and m=, RTCP on the next port). Only
     * the classification of a refused packet depends on it: a packet that authenticates is the peer's wherever it
     * comes from (a NAT may change its source, RFC 3550 8.2 leaves the source address open), one that does not is
     * refused either way.
     */
    private static boolean fromElsewhere(SocketAddress from, InetSocketAddress peer) {
        return peer != null && !peer.equals(from);
    }

    private void countStray(boolean control, SocketAddress from) {
        long count = control ? ++rtcpStrays : ++strays;
        if (count == 1 || count % 100 == 0) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1} packet refused: not authenticated, from {2}, not from the peer {3} "
                    + "(a stream to this port meant for an earlier call?) ({4} so far)", name, control ? "SRTCP" : "SRTP",
                    address(from), address(control ? remoteRtcp : remote), count);
        }
    }

    private void countFailure(SrtpFailure failure, boolean control, SocketAddress from) {
        long count;
        switch (failure) {
            case AUTHENTICATION_FAILED -> count = control ? ++rtcpAuthFailures : ++authFailures;
            case REPLAYED -> count = control ? ++rtcpReplays : ++replays;
            case KEY_EXHAUSTED -> count = control ? ++rtcpReceiveExpired : ++receiveExpired;
            default -> count = ++malformed;
        }
        // The first failure of a kind, then every 100th: a flood must not flood the log too.
        if (count == 1 || count % 100 == 0) {
            // Where it came from: a packet from another address than the peer's is often a stale stream (a
            // peer still sending to a port this call now reuses), not an attack on this call.
            InetSocketAddress peer = control ? remoteRtcp : remote;
            LOG.log(System.Logger.Level.WARNING, "{0}: {1} packet refused: {2} ({3} so far; from {4}, the peer is {5})", name,
                    control ? "SRTCP" : "SRTP", failure.description(), count, address(from), peer == null ? "not known yet" : address(peer));
        }
    }

    private static String address(SocketAddress address) {
        return address instanceof InetSocketAddress a ? a.getAddress().getHostAddress() + ":" + a.getPort() : String.valueOf(address);
    }

    /** RFC 3550 5.1: fixed header, CSRCs, optional extension; -1 if the packet is not RTP v2 or too short. */
    static int rtpHeaderLength(byte[] b, int length) {
        if (length < HEADER || (b[0] & 0xc0) != 0x80) {
            return -1;
        }
        int header = HEADER + 4 * (b[0] & 0x0f);
        if ((b[0] & 0x10) != 0) {
            if (length < header + 4) {
                return -1;
            }
            header += 4 + 4 * (((b[header + 2] & 0xff) << 8) | (b[header + 3] & 0xff));
        }
        return header <= length ? header : -1;
    }

    private static void writeInt(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 24);
        b[offset + 1] = (byte) (value >>> 16);
        b[offset + 2] = (byte) (value >>> 8);
        b[offset + 3] = (byte) value;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (sender != null) {
            sender.cancel(false);
            reporter.cancel(false);
        }
        closeQuietly(rtp);
        closeQuietly(rtcp);
    }

    private void closeQuietly(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: closing a media socket: {1}", name, e.toString());
        }
    }

    @Override
    public String toString() {
        return "RtpSession[" + name + ", port " + localPort() + (isSecure() ? ", SRTP" : ", RTP") + "]";
    }
}
