package org.secureta.srtp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Unit-wide secure media settings (Mipt.*), one configuration (PID {@value #PID}).
 * The key management is a name, not an enum: it selects one of the registered
 * {@link org.secureta.srtp.keymgmt.KeyManagement} services, and a custom bundle may add one.
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

    @AttributeDefinition(description = "Extension SecureTA.SrtpKeyLifetime: lifetime, in packets, announced for the SDES master keys "
            + "the unit sends (RFC 4568 6.1), 2^n or decimal, at most 2^48; the agent re-keys before it is reached "
            + "(empty: none announced, the SRTP maximum 2^48 applies)", required = false)
    String keyLifetime() default "";

    /** Leading dot: private, never copied into service properties. Hex. */
    @AttributeDefinition(name = ".mikeyPreSharedKey", description = "MIKEY pre-shared key (extension SecureTA.MikeyPreSharedKey)",
            type = AttributeType.PASSWORD, required = false)
    String _mikeyPreSharedKey() default "";
}
