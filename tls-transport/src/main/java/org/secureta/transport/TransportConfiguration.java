package org.secureta.transport;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Unit-wide signalling settings, one configuration (PID {@value #PID}). Provisioning fills it
 * from the SipEp.* variables of the device profile.
 */
@ObjectClassDefinition(
        id = TransportConfiguration.PID,
        name = "SIP transport",
        description = "Unit-wide SIP signalling transport and TLS settings (SipEp.*)")
public @interface TransportConfiguration {

    String PID = "org.secureta.transport";

    @AttributeDefinition(description = "The single transport of the unit; TLS never mixes with UDP/TCP")
    Transport transport() default Transport.UDP;

    @AttributeDefinition(description = "SipEp.TransportPersistentBasePort", min = "1025", max = "64535")
    int persistentBasePort() default 16000;

    @AttributeDefinition(description = "SipEp.TransportPersistentPortInterval (0: no cycling)", min = "0", max = "1000")
    int persistentPortInterval() default 0;

    @AttributeDefinition(description = "SipEp.TransportFailbackInterval, seconds", min = "5", max = "3600")
    int failbackInterval() default 15;

    @AttributeDefinition(description = "SipEp.TransportTlsVersion: minimum accepted TLS version")
    TlsVersion tlsVersion() default TlsVersion.TLSv1;

    @AttributeDefinition(description = "Explicit opt-in to TLSv1/TLSv1.1, which this JDK disables")
    boolean allowLegacyTls() default false;

    @AttributeDefinition(description = "SipEp.TransportTlsCipherSuite")
    CipherSuiteGroup cipherSuite() default CipherSuiteGroup.CS1;

    @AttributeDefinition(description = "SipEp.InteropTlsCertificateValidation")
    CertificateValidation certificateValidation() default CertificateValidation.HostName;

    @AttributeDefinition(description = "SipEp.InteropTlsClientAuthenticationEnable")
    boolean clientAuthentication() default false;

    @AttributeDefinition(description = "SipEp.TransportConfig.RegistrationEnable: transport=tls in REGISTER Contact")
    boolean registrationTransportParameter() default false;

    @AttributeDefinition(description = "SipEp.TransportConfig.ContactEnable: transport=tls in other Contacts")
    boolean contactTransportParameter() default false;

    @AttributeDefinition(description = "Send RFC 5626 CRLF keep-alives on persistent links, seconds (0: off); a ping without any"
            + " answer (pong) within 10 s, or within one interval when shorter, marks the link Down and opens a new one", min = "0")
    int keepAliveInterval() default 0;

    @AttributeDefinition(description = "Folder of trusted CA (\"Other\") certificates", required = false)
    String trustedCertificatesDirectory() default "";

    @AttributeDefinition(description = "Folder of the unit's own (\"Host\") certificates", required = false)
    String hostCertificatesDirectory() default "";

    @AttributeDefinition(description = "Write TLS session secrets (NSS key log) to this file; empty: off", required = false)
    String tlsKeyLogFile() default "";

    @AttributeDefinition(description = "Extension: local IP address the unit binds and advertises in Via/Contact (empty: the host's address)", required = false)
    String localAddress() default "";

    @AttributeDefinition(description = "Extension: DNS server host:port for SRV lookups of servers configured with port 0 (empty: the system's)",
            required = false)
    String dnsServer() default "";

    @AttributeDefinition(description = "Extension: registration expiry the unit asks for, seconds", min = "1", max = "86400")
    int registrationExpires() default 3600;

    @AttributeDefinition(description = "Extension: largest SIP message (start line, headers and body) accepted on a stream, bytes;"
            + " a larger request gets 413 and its connection is closed", min = "1024", max = "16777216")
    int maxMessageSize() default 65536;

    @AttributeDefinition(description = "Extension: connections the unit's TLS servers accept at once; more are closed at once",
            min = "1", max = "10000")
    int maxInboundConnections() default 64;

    @AttributeDefinition(description = "Extension: seconds an accepted connection has to complete its TLS handshake", min = "1", max = "120")
    int tlsHandshakeTimeout() default 10;

    @AttributeDefinition(description = "Extension: seconds an accepted connection may stay silent before the unit closes it",
            min = "1", max = "86400")
    int inboundIdleTimeout() default 600;
    @AttributeDefinition(description = "SipEp.DefaultRegistrationRetryTime: seconds before a line tries again after a refused,"
            + " unanswered or failed REGISTER; doubled after each further failure up to registrationRetryMaxTime, spread +-25 %",
            min = "1", max = "3600")
    int registrationRetryTime() default 60;

    @AttributeDefinition(description = "Extension: the longest wait between two registration attempts of a line, seconds",
            min = "1", max = "86400")
    int registrationRetryMaxTime() default 600;
}
