package org.secureta.srtp.keymgmt;

import org.secureta.srtp.CryptoUpdateMode;

/**
 * The keying of one call. The offerer calls {@link #offer()} then {@link #acceptAnswer};
 * the answerer calls {@link #answer}. After that both sides' keys are known.
 */
public interface KeyingSession {

    /** Attributes to put in our SDP offer. */
    SdpKeying offer() throws KeyManagementException;

    /** Processes the peer's offer and returns the attributes of our answer. */
    SdpKeying answer(SdpKeying offer) throws KeyManagementException;

    /** Processes the peer's answer to our offer. */
    void acceptAnswer(SdpKeying answer) throws KeyManagementException;

    /**
     * An offer for a re-INVITE (hold, resume) under Mipt.SessionUpdateCryptoMode. The default
     * runs the key exchange again; a method that can keep its keys (SDES) overrides it.
     */
    default SdpKeying reoffer(CryptoUpdateMode mode) throws KeyManagementException {
        return offer();
    }

    /** Answers a re-INVITE's offer under Mipt.SessionUpdateCryptoMode; the default is {@link #answer(SdpKeying)}. */
    default SdpKeying answer(SdpKeying offer, CryptoUpdateMode mode) throws KeyManagementException {
        return answer(offer);
    }

    /** Keys protecting what we send on media stream {@code mediaIndex}. */
    SrtpKeys sendKeys(int mediaIndex);

    /** Keys protecting what we receive on media stream {@code mediaIndex}. */
    SrtpKeys receiveKeys(int mediaIndex);

    /**
     * Every master key the peer may protect stream {@code mediaIndex} with, telling them apart by
     * their MKIs (RFC 3711 3.1; several inline keys of one SDES attribute, RFC 4568 6.1), with
     * {@link #receiveKeys} first. The default is that one key.
     */
    default java.util.List<SrtpKeys> receiveKeyRing(int mediaIndex) {
        return java.util.List.of(receiveKeys(mediaIndex));
    }
}
