package org.secureta.libjitsi.internal;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jitsi.impl.neomedia.device.AudioSilenceMediaDevice;
import org.jitsi.impl.neomedia.transform.PacketTransformer;
import org.jitsi.impl.neomedia.transform.SinglePacketTransformer;
import org.jitsi.impl.neomedia.transform.TransformEngine;
import org.jitsi.service.neomedia.DefaultStreamConnector;
import org.jitsi.service.neomedia.MediaDirection;
import org.jitsi.service.neomedia.MediaService;
import org.jitsi.service.neomedia.MediaStream;
import org.jitsi.service.neomedia.MediaStreamTarget;
import org.jitsi.service.neomedia.RawPacket;
import org.jitsi.service.neomedia.TransmissionFailedException;
import org.jitsi.utils.MediaType;
import org.secureta.libjitsi.KeyingSrtpControl;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.media.G711;
import org.secureta.srtp.media.MediaCounters;
import org.secureta.srtp.media.MediaKeys;
import org.secureta.srtp.media.MediaPorts;
import org.secureta.srtp.media.MediaSession;
import org.secureta.srtp.media.MediaSessionSpec;
import org.secureta.srtp.media.ToneDetector;

/**
 * A call's audio through a libjitsi {@link MediaStream} keyed by a {@link KeyingSrtpControl}: the
 * stream owns the sockets' packet path (its send and receive chains, its SRTP through our control's
 * transform engine); this session feeds it one 20 ms G.711 frame of the call's source per tick and
 * an RTCP sender report every two seconds with {@link MediaStream#injectPacket} (the whole send
 * chain, SRTP included), and reads what the stream decrypted through an external transformer on
 * the application side of SRTP, where it is counted and fed to the unit's {@link ToneDetector}.
 *
 * <p>Why inject rather than capture: the unit has no sound card, and with libjitsi's native audio
 * systems off its silence capture device fails inside fmj; the call's audio is the unit's own tone
 * or WAV source anyway, as on the Native engine (docs/libjitsi.md).
 *
 * <p>Threads: frames and reports are sent from the agent's scheduler; libjitsi's receive threads run
 * the tap. The detector is fed from the RTP receive thread only.
 */
public final class LibjitsiMediaSession implements MediaSession {

    public static final String ENGINE = "Libjitsi";
    private static final int HEADER = 12;
    private static final int FRAME_SAMPLES = 160;
    private static final int RTCP_INTERVAL_MS = 2000;
    /** RTP header, one frame, and room for the SRTP tag (10) so that libjitsi appends it without growing the buffer. */
    private static final int PACKET_ROOM = HEADER + FRAME_SAMPLES + 16;
    private static final int RTCP_ROOM = 28 + 4 + 10 + 16;
    private static final System.Logger LOG = System.getLogger(LibjitsiMediaSession.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MediaSessionSpec spec;
    private final DatagramSocket rtpSocket;
    private final DatagramSocket rtcpSocket;
    private final MediaService media;
    private final KeyingSrtpControl control;
    private final KeyedTransformEngine srtp;
    private final Consumer<KeyingSrtpControl> release;
    private final ToneDetector detector;
    private final MediaStream stream;
    private final Tap tap = new Tap();

    private final int ssrc = RANDOM.nextInt();
    private int sequence = RANDOM.nextInt(0x10000);
    private int timestamp = RANDOM.nextInt();
    private final short[] samples = new short[FRAME_SAMPLES];
    private long octetsSent;

    private volatile G711 codec = G711.PCMU;
    private volatile boolean sending;
    private volatile boolean closed;
    private volatile boolean started;
    private ScheduledFuture<?> sender;
    private ScheduledFuture<?> reporter;
    private MediaKeys currentSendKeys;
    private MediaKeys currentReceiveKeys;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong malformedRtp = new AtomicLong();
    private final AtomicLong rtcpReceived = new AtomicLong();
    private volatile long keyChanges;

    private volatile Runnable keyRenewal;
    private volatile double renewalShare = 0.5;
    /** The sending key whose renewal was asked for already (sender thread only). */
    private Object renewalAskedFor;

    public LibjitsiMediaSession(MediaSessionSpec spec, MediaService media, KeyingSrtpControl control, Consumer<KeyingSrtpControl> release)
            throws java.io.IOException {
        this.spec = spec;
        this.media = media;
        this.control = control;
        this.release = release;
        this.srtp = (KeyedTransformEngine) control.getTransformEngine();
        this.srtp.name(spec.name());
        this.detector = new ToneDetector(spec.expectedTone());
        DatagramSocket[] pair = MediaPorts.bindPair(spec.address(), spec.basePort());
        this.rtpSocket = pair[0];
        this.rtcpSocket = pair[1];
        try {
            this.stream = media.createMediaStream(new DefaultStreamConnector(rtpSocket, rtcpSocket), new AudioSilenceMediaDevice(), control);
            stream.setName(spec.name());
            stream.setDirection(MediaDirection.SENDRECV);
            stream.setExternalTransformer(tap);
        } catch (RuntimeException e) {
            rtpSocket.close();
            rtcpSocket.close();
            throw new java.io.IOException("libjitsi could not create the media stream of " + spec.name() + ": " + e, e);
        }
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public int localPort() {
        return rtpSocket.getLocalPort();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) rtpSocket.getLocalSocketAddress();
    }

    @Override
    public int localRtcpPort() {
        return rtcpSocket.getLocalPort();
    }

    @Override
    public synchronized void start(InetSocketAddress peer, G711 payload, MediaKeys keys) {
        Objects.requireNonNull(peer, "peer");
        if (closed) {
            throw new IllegalStateException("media session " + spec.name() + " is closed");
        }
        this.codec = payload;
        stream.setFormat(media.getFormatFactory().createMediaFormat(payload == G711.PCMA ? "PCMA" : "PCMU", 8000));
        stream.setTarget(new MediaStreamTarget(peer, new InetSocketAddress(peer.getAddress(), peer.getPort() + 1)));
        rekey(keys);
        sending = true;
        if (!started) {
            started = true;
            control.start(MediaType.AUDIO);
            stream.start();
            sender = spec.scheduler().scheduleAtFixedRate(this::sendFrame, 0, 20, TimeUnit.MILLISECONDS);
            reporter = spec.scheduler().scheduleAtFixedRate(this::sendReport, RTCP_INTERVAL_MS, RTCP_INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void rekey(MediaKeys keys) {
        rekeyReceive(keys);
        rekeySend(keys);
    }

    @Override
    public synchronized void rekeyReceive(MediaKeys keys) {
        if (currentReceiveKeys != null && keys.receive().equals(currentReceiveKeys.receive())) {
            return;
        }
        if (currentReceiveKeys != null) {
            keyChanges++;
        }
        currentReceiveKeys = keys;
        if (keys.receive().isEmpty()) {
            srtp.setPlain();
            return;
        }
        // One key per direction: jitsi-srtp's contexts have no MKI; the first key is the one the peer uses (RFC 4568 6.1).
        install(() -> control.setReceiveKeys(keys.receive().get(0)));
    }

    @Override
    public synchronized void rekeySend(MediaKeys keys) {
        if (currentSendKeys != null && keys.send().equals(currentSendKeys.send())) {
            return;
        }
        currentSendKeys = keys;
        if (keys.send().isEmpty()) {
            srtp.setPlain();
            return;
        }
        SrtpKeys send = keys.send().get();
        install(() -> control.setSendKeys(send));
    }

    private interface Keying {
        void run() throws KeyManagementException;
    }

    private void install(Keying keying) {
        try {
            keying.run();
        } catch (KeyManagementException e) {
            // The call agent refuses what libjitsi cannot protect before it gets here; this stays a clear refusal, never clear media.
            throw new IllegalArgumentException(spec.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onKeyRenewalDue(double share, Runnable renewal) {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("renewal share must be between 0 and 1, not " + share);
        }
        this.renewalShare = share;
        this.keyRenewal = renewal;
    }

    @Override
    public boolean isRenewalDue() {
        return srtp.sendKeyBelow(renewalShare);
    }

    private void checkRenewal() {
        Runnable renewal = keyRenewal;
        Object key = srtp.sendKeyIdentity();
        if (renewal == null || key == null || key == renewalAskedFor) {
            return;
        }
        if (isRenewalDue()) {
            renewalAskedFor = key;
            renewal.run();
        }
    }

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
        return srtp.isSecure();
    }

    @Override
    public MediaCounters counters() {
        return new MediaCounters(srtp.rtpSent(), received.get(), srtp.authenticationFailures(), srtp.replays(),
                srtp.malformed() + malformedRtp.get(), srtp.rtcpSent(), rtcpReceived.get(), detector.toneFrames(), keyChanges,
                srtp.expired());
    }

    /** One 20 ms frame of the source, as RTP (RFC 3550 5.1), through the stream's send chain. */
    private void sendFrame() {
        try {
            spec.source().next(samples);
            int seq = sequence;
            int ts = timestamp;
            sequence = (seq + 1) & 0xffff;
            timestamp = ts + FRAME_SAMPLES;
            if (!sending || closed) {
                return;
            }
            G711 payload = codec;
            byte[] b = new byte[PACKET_ROOM];
            b[0] = (byte) 0x80;
            b[1] = (byte) payload.payloadType();
            b[2] = (byte) (seq >>> 8);
            b[3] = (byte) seq;
            writeInt(b, 4, ts);
            writeInt(b, 8, ssrc);
            payload.encode(samples, FRAME_SAMPLES, b, HEADER);
            stream.injectPacket(new RawPacket(b, 0, HEADER + FRAME_SAMPLES), true, null);
            octetsSent += FRAME_SAMPLES;
            checkRenewal();
        } catch (TransmissionFailedException | RuntimeException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.WARNING, "{0}: cannot send RTP through libjitsi: {1}", spec.name(), e.toString());
            }
        }
    }

    /** RFC 3550 6.4.1 sender report without report blocks; the stream's chain makes it SRTCP (RFC 3711 3.4). */
    private void sendReport() {
        try {
            long sent = srtp.rtpSent();
            if (closed || sent == 0) {
                return;
            }
            byte[] b = new byte[RTCP_ROOM];
            b[0] = (byte) 0x80;
            b[1] = (byte) 200;
            b[2] = 0;
            b[3] = 6;
            writeInt(b, 4, ssrc);
            long now = System.currentTimeMillis();
            writeInt(b, 8, (int) (now / 1000 + 2_208_988_800L));
            writeInt(b, 12, (int) ((now % 1000) * 4_294_967L));
            writeInt(b, 16, timestamp);
            writeInt(b, 20, (int) sent);
            writeInt(b, 24, (int) octetsSent);
            stream.injectPacket(new RawPacket(b, 0, 28), false, null);
            checkRenewal();
        } catch (TransmissionFailedException | RuntimeException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.WARNING, "{0}: cannot send RTCP through libjitsi: {1}", spec.name(), e.toString());
            }
        }
    }

    private static void writeInt(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 24);
        b[offset + 1] = (byte) (value >>> 16);
        b[offset + 2] = (byte) (value >>> 8);
        b[offset + 3] = (byte) value;
    }

    /** RFC 3550 5.1: fixed header, CSRCs, optional extension; -1 if the packet is not RTP v2 or too short. */
    static int rtpHeaderLength(byte[] b, int offset, int length) {
        if (length < HEADER || (b[offset] & 0xc0) != 0x80) {
            return -1;
        }
        int header = HEADER + 4 * (b[offset] & 0x0f);
        if ((b[offset] & 0x10) != 0) {
            if (length < header + 4) {
                return -1;
            }
            header += 4 + 4 * (((b[offset + header + 2] & 0xff) << 8) | (b[offset + header + 3] & 0xff));
        }
        return header <= length ? header : -1;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (sender != null) {
            sender.cancel(false);
            reporter.cancel(false);
        }
        try {
            stream.close();
        } finally {
            // libjitsi closes the connector's sockets with the stream; closing them again is harmless.
            rtpSocket.close();
            rtcpSocket.close();
            control.cleanup(null);
            release.accept(control);
        }
    }

    @Override
    public String toString() {
        return "LibjitsiMediaSession[" + spec.name() + ", port " + localPort() + (isSecure() ? ", SRTP" : ", RTP") + "]";
    }

    /**
     * On the application side of SRTP in the stream's chain: sees what was authenticated and
     * decrypted. Counts it and feeds G.711 audio to the detector, as the Native engine does.
     */
    private final class Tap implements TransformEngine {

        private final short[] decoded = new short[1500];

        private final SinglePacketTransformer rtp = new SinglePacketTransformer() {
            @Override
            public RawPacket transform(RawPacket packet) {
                return packet;
            }

            @Override
            public RawPacket reverseTransform(RawPacket packet) {
                byte[] b = packet.getBuffer();
                int offset = packet.getOffset();
                int length = packet.getLength();
                int header = rtpHeaderLength(b, offset, length);
                if (header < 0) {
                    malformedRtp.incrementAndGet();
                    return null;
                }
                received.incrementAndGet();
                int payloadType = b[offset + 1] & 0x7f;
                if (payloadType == 0 || payloadType == 8) {
                    int count = Math.min(length - header, decoded.length);
                    G711.ofPayloadType(payloadType).decode(b, offset + header, count, decoded);
                    detector.feed(decoded, count);
                }
                return packet;
            }
        };

        private final SinglePacketTransformer rtcp = new SinglePacketTransformer() {
            @Override
            public RawPacket transform(RawPacket packet) {
                return packet;
            }

            @Override
            public RawPacket reverseTransform(RawPacket packet) {
                if (packet.getLength() >= 8 && (packet.getBuffer()[packet.getOffset()] & 0xc0) == 0x80) {
                    rtcpReceived.incrementAndGet();
                }
                return packet;
            }
        };

        @Override
        public PacketTransformer getRTPTransformer() {
            return rtp;
        }

        @Override
        public PacketTransformer getRTCPTransformer() {
            return rtcp;
        }
    }
}
