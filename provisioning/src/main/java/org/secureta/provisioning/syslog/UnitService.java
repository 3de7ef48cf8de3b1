package org.secureta.provisioning.syslog;

/**
 * The unit's services that report through syslog, each with its {@code Service.MinSeverity}
 * variable. The service is the syslog APP-NAME.
 */
public enum UnitService {
    /** SIP endpoint: transport, TLS links, registrations. */
    SipEp,
    /** Media (IP telephony): calls, SDP, SRTP. */
    Mipt,
    /** Certificates. */
    Cert,
    /** Host configuration: time, profile, the unit itself. */
    Hoc;

    public String minSeverityVariable() {
        return name() + ".MinSeverity";
    }
}
