package org.secureta.srtp.keymgmt;

/**
 * A method of keying SRTP through SDP, registered as an OSGi service with the service property
 * {@value #NAME_PROPERTY} equal to {@link #name()}. The method owns its settings (its own
 * metatype-described configuration: keys, lifetimes, clock skew) and declares what it needs from
 * the call agent in {@link #needs()}; the agent holds no rule of any method.
 */
public interface KeyManagement {

    String NAME_PROPERTY = "keymgmt.name";

    /** The name used in Mipt.DefaultSecurityKeyManagement, for example {@code Sdes}. */
    String name();

    /**
     * What the method needs from the call agent. The default is the most conservative reading
     * ({@link KeyingNeeds#UNDECLARED}); a method should declare its own.
     *
     * @since 1.3
     */
    default KeyingNeeds needs() {
        return KeyingNeeds.UNDECLARED;
    }

    /** Whether an SDP offer carries keying of this method (used to detect a mismatch). */
    boolean isPresent(SdpKeying offer);

    /** A keying session for one call; the method adds its own settings to the call's parameters. */
    KeyingSession newSession(KeyingParameters parameters);
}
