package org.secureta.transport;

/**
 * Receives what happens on the unit's SIP transport. Calls come from transport threads: return
 * quickly. Every method has an empty default, implement what you need.
 */
public interface SipTransportListener {

    /** A request addressed to the unit; answer it with {@link IncomingRequest#respond}. */
    default void requestReceived(IncomingRequest request) {
    }

    /** Every response received, provisional ones included. */
    default void responseReceived(SipResponse response) {
    }

    default void linkChanged(LinkStatus status) {
    }

    default void registrationChanged(RegistrationStatus status) {
    }
}
