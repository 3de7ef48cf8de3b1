package org.secureta.transport;

/**
 * Sees every SIP message the unit sends or receives, for troubleshooting (the message ladder,
 * the guide's section 3.1 done without Wireshark). Register it as an OSGi service (whiteboard):
 * the transport calls every registered one. Calls come from transport threads: return quickly,
 * never block.
 */
@FunctionalInterface
public interface SipMessageListener {

    void messageSeen(SipMessageRecord message);
}
