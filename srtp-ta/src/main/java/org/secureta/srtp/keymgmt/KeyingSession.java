package org.secureta.srtp.keymgmt;

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

    /** Keys protecting what we send on media stream {@code mediaIndex}. */
    SrtpKeys sendKeys(int mediaIndex);

    /** Keys protecting what we receive on media stream {@code mediaIndex}. */
    SrtpKeys receiveKeys(int mediaIndex);
}
