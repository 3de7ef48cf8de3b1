package org.secureta.srtp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Per-line override of the secure media settings (Mipt.EpSpecificSecurity), factory PID {@value #FACTORY_PID}. */
@ObjectClassDefinition(
        id = LineSecurityConfiguration.FACTORY_PID,
        name = "Line security",
        description = "Per-line secure RTP override (Mipt.EpSpecificSecurity)")
public @interface LineSecurityConfiguration {

    String FACTORY_PID = "org.secureta.srtp.line";

    @AttributeDefinition(description = "Endpoint id")
    String endpointId();

    @AttributeDefinition(description = "Mipt.DefaultSecurityRtpMode for this line")
    RtpMode rtpMode() default RtpMode.Unsecure;

    @AttributeDefinition(description = "Key management name for this line")
    String keyManagement() default "Mikey";

    @AttributeDefinition(description = "Encryption for this line")
    RtpEncryption rtpEncryption() default RtpEncryption.AesCm128;
}
