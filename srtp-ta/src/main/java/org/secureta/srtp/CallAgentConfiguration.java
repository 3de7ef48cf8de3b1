package org.secureta.srtp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Unit-wide secure media settings (Mipt.*), one configuration (PID {@value #PID}).
 * The key management is a name, not an enum: it selects one of the registered
 * {@link org.secureta.srtp.keymgmt.KeyManagement} services, and a custom bundle may add one.
 * Nothing here belongs to one key management: each method has its own configuration (MIKEY's
 * pre-shared key, SDES's key lifetime).
 */
@ObjectClassDefinition(
        id = CallAgentConfiguration.PID,
        name = "Secure call agent",
        description = "Secure RTP mode, key management and encryption of the unit (Mipt.*)")
public @interface CallAgentConfiguration {

    String PID = "org.secureta.srtp";

    @AttributeDefinition(description = "Mipt.DefaultSecurityRtpMode")
    RtpMode rtpMode() default RtpMode.Unsecure;

    @AttributeDefinition(description = "Mipt.DefaultSecurityKeyManagement: name of a key management service (Mikey, Sdes, ...)")
    String keyManagement() default "Mikey";

    @AttributeDefinition(description = "Mipt.DefaultSecurityRtpEncryption (ignored with Sdes)")
    RtpEncryption rtpEncryption() default RtpEncryption.AesCm128;

    @AttributeDefinition(description = "Mipt.AllowUnsecureT38WithSrtp")
    boolean allowUnsecureT38() default false;

    @AttributeDefinition(description = "Mipt.SessionUpdateCryptoMode")
    CryptoUpdateMode sessionUpdateCryptoMode() default CryptoUpdateMode.Regenerate;

    @AttributeDefinition(description = "Mipt.IpTransportSrtpBasePort (0: any free port)", min = "0", max = "65435")
    int srtpBasePort() default 5004;

    @AttributeDefinition(description = "SipEp.InteropRejectCodeForUnsupportedSdpOffer", options = {})
    int rejectCodeForUnsupportedOffer() default 415;

    @AttributeDefinition(description = "Answer incoming calls automatically")
    boolean autoAnswer() default false;

    @AttributeDefinition(description = "Extension SecureTA.MediaAddress: local IP address of RTP/RTCP, written in SDP c= "
            + "(empty: the SIP transport's local address)", required = false)
    String mediaAddress() default "";

    @AttributeDefinition(description = "Extension SecureTA.MaxCallsPerLine: calls a line carries at once; "
            + "one more is refused with 486 Busy Here", min = "1", max = "64")
    int maxCallsPerLine() default 4;

    @AttributeDefinition(description = "Extension SecureTA.MaxCalls: calls the unit carries at once (each holds media "
            + "sockets and a sender); one more is refused with 503 Service Unavailable", min = "1", max = "256")
    int maxCalls() default 16;

    @AttributeDefinition(description = "Extension SecureTA.MediaEngine: what carries a call's RTP and RTCP: Native (the unit's "
            + "own media path) or Libjitsi (a libjitsi MediaStream keyed by the unit's keying; needs the bundle "
            + "org.secureta.libjitsi-keying). Applies to calls that start after the change")
    MediaEngineName mediaEngine() default MediaEngineName.Native;

    @AttributeDefinition(description = "RFC 3261 T1 in milliseconds: a 2xx to an INVITE that gets no ACK within 64*T1 "
            + "ends the dialog with a BYE (RFC 3261 13.3.1.4)", min = "50", max = "10000")
    int timerT1Millis() default 500;

    @AttributeDefinition(description = "Extension SecureTA.SrtpKeyLogEnable: file to which each call's SRTP master key and salt "
            + "are appended, per direction, for ta decrypt --srtp-keys (owner-only; empty: off). Troubleshooting only: the "
            + "file decrypts every call's audio")
    String srtpKeyLogFile() default "";
}
