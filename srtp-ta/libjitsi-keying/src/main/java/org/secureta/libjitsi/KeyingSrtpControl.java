package org.secureta.libjitsi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jitsi.impl.neomedia.AbstractRTPConnector;
import org.jitsi.service.neomedia.SrtpControl;
import org.jitsi.service.neomedia.SrtpControlType;
import org.jitsi.service.neomedia.event.SrtpListener;
import org.jitsi.utils.MediaType;
import org.secureta.libjitsi.internal.KeyedTransformEngine;
import org.secureta.srtp.RtpEncryption;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.KeyManagementException;
import org.secureta.srtp.keymgmt.KeyingParameters;
import org.secureta.srtp.keymgmt.KeyingSession;
import org.secureta.srtp.keymgmt.SdpKeying;
import org.secureta.srtp.keymgmt.SrtpKeys;

/**
 * A libjitsi {@link SrtpControl} keyed by one of the project's {@link KeyManagement} services
 * (MIKEY or SDES): the SDP keying is done by that service's {@link KeyingSession}, and the keys it
 * agrees are handed to libjitsi's SRTP transformers. One control keys one media stream.
 *
 * <p>Use: {@link #setSignallingSecure} (whether the SDP travels over TLS), then either
 * {@link #offer()} and {@link #acceptAnswer}, or {@link #answer}. Until both keys are known the
 * stream sends nothing and drops what it receives: media never leaves in clear.
 *
 * <p>Not thread-safe for keying (one SIP dialog drives it); the packet path is.
 */
public class KeyingSrtpControl implements SrtpControl {

    /** The guide's syslog code and text (section 3.4) for an offer of the other key management. */
    public static final String MISMATCH_CODE = "D3A2";
    public static final String MISMATCH_MESSAGE = "Received the wrong key management protocol. Secure stream disabled.";

    private static final System.Logger LOG = System.getLogger(KeyingSrtpControl.class.getName());

    private final KeyManagement method;
    private final List<KeyManagement> others;
    private final SrtpControlType type;
    private final KeyedTransformEngine engine = new KeyedTransformEngine();
    private volatile SrtpListener listener;
    private volatile MediaType started;
    private boolean signallingSecure;
    private KeyingSession session;
    private volatile boolean secure;

    /**
     * @param method the key management keying this control
     * @param others the other key managements of the container, only to recognise an offer of
     *               another method (the guide's D3A2 refusal); {@code method} itself is ignored there
     * @param type   what libjitsi calls this kind of control
     */
    protected KeyingSrtpControl(KeyManagement method, List<KeyManagement> others, SrtpControlType type) {
        this.method = Objects.requireNonNull(method, "method");
        this.others = others.stream().filter(m -> !m.name().equals(method.name())).toList();
        this.type = Objects.requireNonNull(type, "type");
    }

    /** A control for {@code method}, outside OSGi (tests, plain applications). */
    public static KeyingSrtpControl of(KeyManagement method, List<KeyManagement> others) {
        return new KeyingSrtpControl(method, others, typeOf(method));
    }

    private static SrtpControlType typeOf(KeyManagement method) {
        return switch (method.name()) {
            case "Sdes" -> SrtpControlType.SDES;
            case "Mikey" -> SrtpControlType.MIKEY;
            default -> throw new IllegalArgumentException("libjitsi has no SrtpControlType for key management " + method.name());
        };
    }

    /** The key management's name, as in Mipt.DefaultSecurityKeyManagement ({@code Mikey}, {@code Sdes}). */
    public String keyManagementName() {
        return method.name();
    }

    /**
     * Whether the SDP carrying this control's attributes travels over TLS. SDES, and MIKEY without a
     * pre-shared key, refuse to key over insecure signalling (RFC 4568 8.3, RFC 3830 5.2). Default false.
     */
    public void setSignallingSecure(boolean signallingSecure) {
        this.signallingSecure = signallingSecure;
    }

    /** The keying attributes of our SDP offer (MIKEY: session level; SDES: in the one media description). */
    public SdpKeying offer() throws KeyManagementException {
        session = method.newSession(new KeyingParameters(1, RtpEncryption.AesCm128, signallingSecure));
        return session.offer();
    }

    /** Processes the peer's answer to {@link #offer()}; the keys are then on. */
    public void acceptAnswer(SdpKeying answer) throws KeyManagementException {
        if (session == null) {
            throw new IllegalStateException("acceptAnswer before offer");
        }
        // A MIKEY answer may rightly carry nothing (no verification asked, RFC 3830 3.1 V bit): only
        // an answer of the other method is refused here; the session checks the rest.
        refuseOtherMethod(answer, false);
        session.acceptAnswer(answer);
        keysAgreed();
    }

    /** Processes the peer's offer and returns the keying attributes of our answer; the keys are then on. */
    public SdpKeying answer(SdpKeying offer) throws KeyManagementException {
        refuseOtherMethod(offer, true);
        session = method.newSession(new KeyingParameters(1, RtpEncryption.AesCm128, signallingSecure));
        SdpKeying answer = session.answer(offer);
        keysAgreed();
        return answer;
    }

    /**
     * Guide 3.4: a unit keyed by one method that receives only the other refuses (415) and logs
     * D3A2. The application gets the exception (to answer 415) and the listener the event.
     */
    private void refuseOtherMethod(SdpKeying received, boolean oursRequired) throws KeyManagementException {
        if (method.isPresent(received)) {
            return;
        }
        Optional<KeyManagement> other = others.stream().filter(m -> m.isPresent(received)).findFirst();
        if (other.isPresent()) {
            LOG.log(System.Logger.Level.WARNING, "SdpTools [{0}] {1} (expected {2}, received {3})", MISMATCH_CODE,
                    MISMATCH_MESSAGE, method.name(), other.get().name());
            SrtpListener l = listener;
            if (l != null) {
                l.securityMessageReceived(MISMATCH_CODE + " " + MISMATCH_MESSAGE, MISMATCH_MESSAGE, SrtpListener.ERROR);
            }
            throw new KeyManagementException(MISMATCH_CODE + " " + MISMATCH_MESSAGE + " Expected " + method.name()
                    + ", received " + other.get().name());
        }
        if (oursRequired) {
            throw new KeyManagementException("the SDP offer carries no " + method.name() + " keying");
        }
    }

    private void keysAgreed() throws KeyManagementException {
        SrtpKeys send = session.sendKeys(0);
        SrtpKeys receive = session.receiveKeys(0);
        try {
            engine.setKeys(send, receive);
        } catch (IllegalArgumentException e) {
            throw new KeyManagementException(e.getMessage(), e);
        }
        secure = true;
        turnedOn();
    }

    /** The listener hears of the keys once both the stream has started and the keys are agreed. */
    private void turnedOn() {
        SrtpListener l = listener;
        MediaType media = started;
        if (l != null && media != null && secure) {
            l.securityTurnedOn(media, engine.cipherSuite(), this);
        }
    }

    /** SRTP and SRTCP packets received and authenticated since the keys were set. */
    public long packetsDecrypted() {
        return engine.packetsDecrypted();
    }

    /** SRTP and SRTCP packets received that failed authentication or replay checks (RFC 3711 3.3 step 5, 3.3.2). */
    public long authenticationFailures() {
        return engine.authenticationFailures() + engine.replays();
    }

    /**
     * Keys agreed by the application's own {@link KeyingSession} of this control's method (for
     * example the unit's call agent, which keys re-INVITEs and key renewal itself): what we
     * protect with from now on. The receiving keys are set apart, since the peer may switch first.
     */
    public void setSendKeys(SrtpKeys keys) throws KeyManagementException {
        try {
            engine.setSendKeys(keys);
        } catch (IllegalArgumentException e) {
            throw new KeyManagementException(e.getMessage(), e);
        }
        boolean already = secure;
        secure = true;
        if (!already) {
            turnedOn();
        }
    }

    /** As {@link #setSendKeys}, for what the peer protects with; the previous keys still authenticate what it sent before. */
    public void setReceiveKeys(SrtpKeys keys) throws KeyManagementException {
        try {
            engine.setReceiveKeys(keys);
        } catch (IllegalArgumentException e) {
            throw new KeyManagementException(e.getMessage(), e);
        }
    }

    @Override
    public void cleanup(Object user) {
        engine.cleanup();
        secure = false;
    }

    @Override
    public boolean getSecureCommunicationStatus() {
        return secure;
    }

    @Override
    public SrtpControlType getSrtpControlType() {
        return type;
    }

    @Override
    public SrtpListener getSrtpListener() {
        return listener;
    }

    @Override
    public TransformEngine getTransformEngine() {
        return engine;
    }

    /** True for SDES and for MIKEY without a pre-shared key: keys travel readable in the SDP. */
    @Override
    public boolean requiresSecureSignalingTransport() {
        return method.needs().requiresSecureSignalling();
    }

    @Override
    public void setConnector(AbstractRTPConnector connector) {
        // The keys come from the SDP, never from the media path.
    }

    @Override
    public void setMasterSession(boolean masterSession) {
        // One control keys one stream; there is no master.
    }

    @Override
    public void setMultistream(SrtpControl master) {
        // Keys are per stream (one KeyingSession each).
    }

    @Override
    public void setSrtpListener(SrtpListener listener) {
        this.listener = listener;
    }

    @Override
    public void start(MediaType mediaType) {
        started = mediaType;
        turnedOn();
    }

    @Override
    public void registerUser(Object user) {
        // The control has one user, its stream.
    }

    @Override
    public String toString() {
        return "KeyingSrtpControl[" + method.name() + ", secure=" + secure + "]";
    }
}
