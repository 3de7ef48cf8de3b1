package org.secureta.libjitsi.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import org.jitsi.impl.neomedia.transform.PacketTransformer;
import org.jitsi.impl.neomedia.transform.SinglePacketTransformer;
import org.jitsi.impl.neomedia.transform.srtp.SRTCPTransformer;
import org.jitsi.impl.neomedia.transform.srtp.SRTPTransformer;
import org.jitsi.service.neomedia.RawPacket;
import org.jitsi.service.neomedia.SrtpControl;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.logging2.LoggerImpl;
import org.secureta.srtp.keymgmt.SrtpKeys;

/**
 * The transform engine a libjitsi stream gets from our control before the SDP exchange is over:
 * it drops every packet until {@link #setKeys} hands the agreed keys to libjitsi's
 * {@link SRTPTransformer} and {@link SRTCPTransformer}, so that nothing leaves in clear and nothing
 * unauthenticated reaches the decoder. Counts what it authenticated and what it refused.
 */
public final class KeyedTransformEngine implements SrtpControl.TransformEngine {

    /** RFC 3711 8.2: HMAC-SHA1 session authentication key, 160 bits. */
    private static final int AUTH_KEY_LENGTH = 20;
    /** RFC 3711 3.4: SRTCP always carries the 80-bit tag. */
    private static final int SRTCP_TAG_LENGTH = 10;

    private final AtomicLong decrypted = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Gate rtp = new Gate();
    private final Gate rtcp = new Gate();
    private volatile String cipherSuite = "";

    /** Hands the agreed keys to new SRTP/SRTCP transformers (replacing any earlier ones: re-keying). */
    public void setKeys(SrtpKeys send, SrtpKeys receive) {
        if (send.profile() != receive.profile()) {
            throw new IllegalArgumentException("send and receive keys use different suites: " + send.profile() + ", " + receive.profile());
        }
        if (!send.profile().encrypted()) {
            // jitsi-srtp fails in key derivation for NULL cipher with HMAC (interop-notes.md).
            throw new IllegalArgumentException("libjitsi's SRTP cannot protect " + send.profile()
                    + " (NULL cipher with HMAC); use AES encryption");
        }
        SRTPTransformer srtp = new SRTPTransformer(factory(true, send), factory(false, receive));
        SRTCPTransformer srtcp = new SRTCPTransformer(srtp);
        rtp.open(srtp);
        rtcp.open(srtcp);
        cipherSuite = send.profile().name();
    }

    private static SrtpContextFactory factory(boolean sender, SrtpKeys keys) {
        int tag = keys.profile().authTagLength();
        SrtpPolicy srtp = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keys.masterKey().length, SrtpPolicy.HMACSHA1_AUTHENTICATION,
                AUTH_KEY_LENGTH, tag, keys.masterSalt().length);
        SrtpPolicy srtcp = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keys.masterKey().length, SrtpPolicy.HMACSHA1_AUTHENTICATION,
                AUTH_KEY_LENGTH, SRTCP_TAG_LENGTH, keys.masterSalt().length);
        return new SrtpContextFactory(sender, keys.masterKey(), keys.masterSalt(), srtp, srtcp,
                new LoggerImpl(KeyedTransformEngine.class.getName(), Level.WARNING));
    }

    /** The RFC 4568 name of the suite in use, empty before the keys. */
    public String cipherSuite() {
        return cipherSuite;
    }

    public long packetsDecrypted() {
        return decrypted.get();
    }

    public long authenticationFailures() {
        return failures.get();
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
        rtp.close();
        rtcp.close();
        cipherSuite = "";
    }

    /** Closed (dropping) until keys are set; then libjitsi's SRTP transformer. */
    private final class Gate extends SinglePacketTransformer {

        private volatile SinglePacketTransformer delegate;

        void open(SinglePacketTransformer transformer) {
            SinglePacketTransformer old = delegate;
            delegate = transformer;
            if (old != null) {
                old.close();
            }
        }

        @Override
        public RawPacket transform(RawPacket packet) {
            SinglePacketTransformer d = delegate;
            return d == null ? null : d.transform(packet);
        }

        @Override
        public RawPacket reverseTransform(RawPacket packet) {
            SinglePacketTransformer d = delegate;
            if (d == null) {
                return null;
            }
            RawPacket clear = d.reverseTransform(packet);
            (clear == null ? failures : decrypted).incrementAndGet();
            return clear;
        }

        @Override
        public void close() {
            SinglePacketTransformer d = delegate;
            delegate = null;
            if (d != null) {
                d.close();
            }
        }
    }
}
