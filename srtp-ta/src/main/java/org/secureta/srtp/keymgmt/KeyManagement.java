package org.secureta.srtp.keymgmt;

/**
 * A method of keying SRTP through SDP, registered as an OSGi service with the service property
 * {@value #NAME_PROPERTY} equal to {@link #name()}.
 */
public interface KeyManagement {

    String NAME_PROPERTY = "keymgmt.name";

    /** The name used in Mipt.DefaultSecurityKeyManagement, for example {@code Sdes}. */
    String name();

    /** Whether an SDP offer carries keying of this method (used to detect a mismatch). */
    boolean isPresent(SdpKeying offer);

    /** A keying session for one call. */
    KeyingSession newSession(KeyingParameters parameters);
}
