package org.secureta.libjitsi.internal;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import org.jitsi.impl.neomedia.transform.PacketTransformer;
import org.jitsi.impl.neomedia.transform.SinglePacketTransformer;
import org.jitsi.service.neomedia.RawPacket;
import org.jitsi.service.neomedia.SrtpControl;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.logging2.LoggerImpl;
import org.secureta.srtp.keymgmt.SrtpKeys;

/**
 * The transform engine a libjitsi stream gets from our control: libjitsi's SRTP (jitsi-srtp's
 * crypto contexts, derived per SSRC as libjitsi's own SRTPTransformer does) under the unit's rules.
 * <ul>
 * <li>Until keys are set it drops every packet: nothing leaves in clear and nothing unauthenticated
 *     reaches the decoder; plain RTP passes only when {@link #setPlain} said so (an unsecured call).</li>
 * <li>Sending and receiving keys are set separately (the peer may switch first), and after a change
 *     of receiving keys the previous ones still authenticate what the peer sent before it switched.</li>
 * <li>A master key is never used past its lifetime (RFC 3711 9.2, RFC 4568 6.1): jitsi-srtp does not
 *     count, so this engine counts SRTP and SRTCP packets per key (SRTCP capped at 2^31).</li>
 * <li>What it refuses is counted by reason (authentication, replay, lifetime, other), as the unit's
 *     own engine counts it.</li>
 * </ul>
 */
public final class KeyedTransformEngine implements SrtpControl.TransformEngine {

    /** RFC 3711 8.2: HMAC-SHA1 session authentication key, 160 bits. */
    private static final int AUTH_KEY_LENGTH = 20;
    /** RFC 3711 3.4: SRTCP always carries the 80-bit tag. */
    private static final int SRTCP_TAG_LENGTH = 10;
    /** RFC 3711 9.2: the SRTCP index is 31 bits. */
    private static final long SRTCP_MAX_LIFETIME = 1L << 31;
    /** A call has one peer source; a few more (a re-INVITE to another device) are fine, a flood of SSRCs is not. */
    static final int MAX_SOURCES = 8;
    private static final System.Logger LOG = System.getLogger(KeyedTransformEngine.class.getName());

    static {
        // The JDK's AES (AES-NI intrinsics). Left to choose, jitsi-srtp benchmarks every AES implementation
        // it knows at the first SRTP context (11000 warm-up rounds each, and an attempt at a native OpenSSL
        // library the unit does not ship): seconds on the first call's media path, 14 s on a loaded machine,
        // during which that call sends nothing.
        org.jitsi.srtp.crypto.Aes.setFactoryClassName(org.jitsi.srtp.crypto.Aes.SunJCECipherFactory.class.getName());
    }

    private final AtomicLong decrypted = new AtomicLong();
    private final AtomicLong authFailures = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong rtpSent = new AtomicLong();
    private final AtomicLong rtcpSent = new AtomicLong();
    private final Direction rtp = new Direction(false);
    private final Direction rtcp = new Direction(true);
    private volatile Keys send;
    private volatile Keys receive;
    private volatile Keys previousReceive;
    private volatile String cipherSuite = "";
    private volatile String name = "libjitsi";

    /** Derives one SRTP and one SRTCP context with throwaway keys: jitsi-srtp loads its ciphers now, not on a call's first packet. */
    public static void warmUp() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        byte[] key = new byte[16];
        byte[] salt = new byte[14];
        random.nextBytes(key);
        random.nextBytes(salt);
        Keys keys = new Keys(new SrtpKeys(org.secureta.srtp.keymgmt.SrtpProfile.AES_CM_128_HMAC_SHA1_80, key, salt, new byte[0]), true);
        try {
            keys.rtp(1);
            keys.rtcp(1);
        } catch (GeneralSecurityException e) {
            LOG.log(System.Logger.Level.WARNING, "jitsi-srtp could not derive a context: {0}", e.toString());
        } finally {
            keys.factory.close();
        }
    }

    /** For logs: the call or stream this engine protects. */
    public void name(String name) {
        this.name = name;
    }

    /** Hands the agreed keys of both directions to new SRTP/SRTCP contexts (replacing earlier ones: re-keying). */
    public void setKeys(SrtpKeys send, SrtpKeys receive) {
        if (send.profile() != receive.profile()) {
            throw new IllegalArgumentException("send and receive keys use different suites: " + send.profile() + ", " + receive.profile());
        }
        setReceiveKeys(receive);
        setSendKeys(send);
    }

    /** The keys we protect with from now on. */
    public void setSendKeys(SrtpKeys keys) {
        Keys fresh = new Keys(keys, true);
        Keys old = send;
        send = fresh;
        cipherSuite = keys.profile().name();
        close(old);
    }

    /** The keys the peer protects with from now on; the previous ones stay as a fallback until it uses these. */
    public void setReceiveKeys(SrtpKeys keys) {
        Keys fresh = new Keys(keys, false);
        Keys old = previousReceive;
        // After plain RTP (a SecureWithFallback call re-keyed) there is nothing to fall back on: never accept plain again.
        previousReceive = receive == Keys.PLAIN ? null : receive;
        receive = fresh;
        close(old);
    }

    /** Plain RTP both ways: only for a call whose SDP agreed RTP/AVP. */
    public void setPlain() {
        Keys oldSend = send;
        Keys oldReceive = receive;
        Keys oldPrevious = previousReceive;
        send = Keys.PLAIN;
        receive = Keys.PLAIN;
        previousReceive = null;
        cipherSuite = "";
        close(oldSend);
        close(oldReceive);
        close(oldPrevious);
    }

    private static SrtpContextFactory factory(boolean sender, SrtpKeys keys) {
        if (!keys.profile().encrypted()) {
            // jitsi-srtp fails in key derivation for NULL cipher with HMAC (interop-notes.md).
            throw new IllegalArgumentException("libjitsi's SRTP cannot protect " + keys.profile()
                    + " (NULL cipher with HMAC); use AES encryption");
        }
        int tag = keys.profile().authTagLength();
        SrtpPolicy srtp = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keys.masterKey().length, SrtpPolicy.HMACSHA1_AUTHENTICATION,
                AUTH_KEY_LENGTH, tag, keys.masterSalt().length);
        SrtpPolicy srtcp = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keys.masterKey().length, SrtpPolicy.HMACSHA1_AUTHENTICATION,
                AUTH_KEY_LENGTH, SRTCP_TAG_LENGTH, keys.masterSalt().length);
        return new SrtpContextFactory(sender, keys.masterKey(), keys.masterSalt(), srtp, srtcp,
                new LoggerImpl(KeyedTransformEngine.class.getName(), Level.WARNING));
    }

    /** The RFC 4568 name of the suite in use, empty before the keys and for plain RTP. */
    public String cipherSuite() {
        return cipherSuite;
    }

    /** Whether what we send is protected. */
    public boolean isSecure() {
        Keys k = send;
        return k != null && k != Keys.PLAIN;
    }

    /** SRTP and SRTCP packets received and authenticated. */
    public long packetsDecrypted() {
        return decrypted.get();
    }

    /** SRTP and SRTCP packets refused for a wrong authentication tag (RFC 3711 3.3 step 5). */
    public long authenticationFailures() {
        return authFailures.get();
    }

    /** SRTP and SRTCP packets refused as replayed or older than the replay window (RFC 3711 3.3.2). */
    public long replays() {
        return replays.get();
    }

    /** Packets refused as malformed, or from one SSRC too many. */
    public long malformed() {
        return malformed.get();
    }

    /** Packets not sent, or refused on receipt, because their master key had reached its lifetime. */
    public long expired() {
        return expired.get();
    }

    /** RTP packets that left (protected, or plain in an unsecured call). */
    public long rtpSent() {
        return rtpSent.get();
    }

    /** RTCP packets that left. */
    public long rtcpSent() {
        return rtcpSent.get();
    }

    /** The sending key's lifetime in SRTP packets, 0 when not keyed. */
    public long sendLifetime() {
        Keys k = send;
        return k == null || k == Keys.PLAIN ? 0 : k.keys.lifetime();
    }

    /** Whether the sending key has no more than {@code share} of its SRTP or SRTCP lifetime left. */
    public boolean sendKeyBelow(double share) {
        Keys k = send;
        return k != null && k != Keys.PLAIN && (k.left(false) <= k.lifetime(false) * share || k.left(true) <= k.lifetime(true) * share);
    }

    /** Identifies the current sending key (for asking its renewal once): changes with every new sending key. */
    public Object sendKeyIdentity() {
        return send;
    }

    @Override
    public PacketTransformer getRTPTransformer() {
        return rtp;
    }

    @Override
    public PacketTransformer getRTCPTransformer() {
        return rtcp;
    }

    @Override
    public void cleanup() {
        Keys s = send;
        Keys r = receive;
        Keys p = previousReceive;
        send = null;
        receive = null;
        previousReceive = null;
        cipherSuite = "";
        close(s);
        close(r);
        close(p);
    }

    private static void close(Keys keys) {
        if (keys != null && keys != Keys.PLAIN) {
            keys.factory.close();
        }
    }

    private void refused(SrtpErrorStatus status, boolean control) {
        AtomicLong counter = switch (status) {
            case AUTH_FAIL -> authFailures;
            case REPLAY_FAIL, REPLAY_OLD -> replays;
            default -> malformed;
        };
        long count = counter.incrementAndGet();
        // The first refusal of a kind, then every 100th: a flood must not flood the log too.
        if (count == 1 || count % 100 == 0) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1} packet refused: {2} ({3} so far)", name, control ? "SRTCP" : "SRTP",
                    status.desc, count);
        }
    }

    private void expired(String what, Keys keys, boolean control) {
        long count = expired.incrementAndGet();
        if (count == 1 || count % 100 == 0) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1} {2}: the master key reached its lifetime of {3} packets (RFC 3711 9.2); "
                    + "waiting for new keys ({4} packets so far)", name, control ? "SRTCP" : "SRTP", what, keys.lifetime(control), count);
        }
    }

    /** The keys of one direction, with the crypto contexts derived from them per SSRC and their use counted. */
    private static final class Keys {

        static final Keys PLAIN = new Keys();

        final SrtpKeys keys;
        final SrtpContextFactory factory;
        final Map<Integer, SrtpCryptoContext> rtpContexts = new ConcurrentHashMap<>();
        final Map<Integer, SrtcpCryptoContext> rtcpContexts = new ConcurrentHashMap<>();
        final AtomicLong rtpUsed = new AtomicLong();
        final AtomicLong rtcpUsed = new AtomicLong();

        private Keys() {
            this.keys = null;
            this.factory = null;
        }

        Keys(SrtpKeys keys, boolean sender) {
            this.keys = keys;
            this.factory = factory(sender, keys);
        }

        long lifetime(boolean control) {
            return control ? Math.min(keys.lifetime(), SRTCP_MAX_LIFETIME) : keys.lifetime();
        }

        long left(boolean control) {
            return lifetime(control) - (control ? rtcpUsed : rtpUsed).get();
        }

        /** Takes one use of the key; false when its lifetime is used up. */
        boolean use(boolean control) {
            AtomicLong used = control ? rtcpUsed : rtpUsed;
            long limit = lifetime(control);
            while (true) {
                long n = used.get();
                if (n >= limit) {
                    return false;
                }
                if (used.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        /** Gives back a use taken for a packet that was then refused (it never was protected or accepted). */
        void giveBack(boolean control) {
            (control ? rtcpUsed : rtpUsed).decrementAndGet();
        }

        /** Null when the packet's SSRC would be one too many. */
        SrtpCryptoContext rtp(int ssrc) throws GeneralSecurityException {
            SrtpCryptoContext c = rtpContexts.get(ssrc);
            if (c == null && rtpContexts.size() < MAX_SOURCES) {
                c = factory.deriveContext(ssrc, 0);
                SrtpCryptoContext raced = rtpContexts.putIfAbsent(ssrc, c);
                c = raced == null ? c : raced;
            }
            return c;
        }

        SrtcpCryptoContext rtcp(int ssrc) throws GeneralSecurityException {
            SrtcpCryptoContext c = rtcpContexts.get(ssrc);
            if (c == null && rtcpContexts.size() < MAX_SOURCES) {
                c = factory.deriveControlContext(ssrc);
                SrtcpCryptoContext raced = rtcpContexts.putIfAbsent(ssrc, c);
                c = raced == null ? c : raced;
            }
            return c;
        }

        SrtpErrorStatus protect(RawPacket packet, boolean control) throws GeneralSecurityException {
            if (control) {
                SrtcpCryptoContext c = rtcp((int) packet.getRTCPSSRC());
                return c == null ? SrtpErrorStatus.INVALID_PACKET : c.transformPacket(packet);
            }
            SrtpCryptoContext c = rtp(packet.getSSRC());
            return c == null ? SrtpErrorStatus.INVALID_PACKET : c.transformPacket(packet);
        }

        SrtpErrorStatus unprotect(RawPacket packet, boolean control) throws GeneralSecurityException {
            if (control) {
                SrtcpCryptoContext c = rtcp((int) packet.getRTCPSSRC());
                return c == null ? SrtpErrorStatus.INVALID_PACKET : c.reverseTransformPacket(packet);
            }
            SrtpCryptoContext c = rtp(packet.getSSRC());
            return c == null ? SrtpErrorStatus.INVALID_PACKET : c.reverseTransformPacket(packet, false);
        }
    }

    /** One of RTP or RTCP: protects what the stream sends, unprotects what it receives. */
    private final class Direction extends SinglePacketTransformer {

        private final boolean control;

        Direction(boolean control) {
            this.control = control;
        }

        @Override
        public RawPacket transform(RawPacket packet) {
            Keys k = send;
            if (k == null) {
                return null; // not keyed yet: never in clear
            }
            if (k != Keys.PLAIN) {
                if (!k.use(control)) {
                    expired("not sent", k, control);
                    return null;
                }
                try {
                    SrtpErrorStatus status = k.protect(packet, control);
                    if (status != SrtpErrorStatus.OK) {
                        k.giveBack(control);
                        LOG.log(System.Logger.Level.WARNING, "{0}: {1} protect failed: {2}", name, control ? "SRTCP" : "SRTP", status.desc);
                        return null;
                    }
                } catch (GeneralSecurityException | RuntimeException e) {
                    k.giveBack(control);
                    LOG.log(System.Logger.Level.WARNING, "{0}: {1} protect failed: {2}", name, control ? "SRTCP" : "SRTP", e.toString());
                    return null;
                }
            }
            (control ? rtcpSent : rtpSent).incrementAndGet();
            return packet;
        }

        @Override
        public RawPacket reverseTransform(RawPacket packet) {
            Keys k = receive;
            if (k == null) {
                return null;
            }
            if (k == Keys.PLAIN) {
                return packet;
            }
            int length = packet.getLength();
            SrtpErrorStatus status = unprotect(k, packet);
            Keys previous = previousReceive;
            if (status == SrtpErrorStatus.AUTH_FAIL && previous != null) {
                // Sent before the peer switched to the new keys: jitsi-srtp only shortened the packet by its tag.
                packet.setLength(length);
                status = unprotect(previous, packet);
            } else if (status == SrtpErrorStatus.OK && previous != null && k == receive) {
                // The peer uses the new keys: the fallback can go.
                previousReceive = null;
                KeyedTransformEngine.close(previous);
            }
            if (status == null) {
                return null; // lifetime: counted already
            }
            if (status != SrtpErrorStatus.OK) {
                refused(status, control);
                return null;
            }
            decrypted.incrementAndGet();
            return packet;
        }

        /** Null when the key's lifetime is used up (counted as expired). */
        private SrtpErrorStatus unprotect(Keys k, RawPacket packet) {
            if (!k.use(control)) {
                expired("refused", k, control);
                return null;
            }
            try {
                SrtpErrorStatus status = k.unprotect(packet, control);
                if (status != SrtpErrorStatus.OK) {
                    k.giveBack(control);
                }
                return status;
            } catch (GeneralSecurityException | RuntimeException e) {
                k.giveBack(control);
                return SrtpErrorStatus.INVALID_PACKET;
            }
        }
    }
}
