package org.secureta.srtp.sdes;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** SDES's own settings (PID {@value SdesKeyManagement#PID}, optional): the call agent never sees them. */
@ObjectClassDefinition(
        id = SdesKeyManagement.PID,
        name = "SDES key management",
        description = "Settings of the Sdes key management (RFC 4568)")
public @interface SdesConfiguration {

    @AttributeDefinition(description = "Extension SecureTA.SrtpKeyLifetime: lifetime, in packets, announced for the SDES master keys "
            + "the unit sends (RFC 4568 6.1), 2^n or decimal, at most 2^48; the agent re-keys before it is reached "
            + "(empty: none announced, the SRTP maximum 2^48 applies)", required = false)
    String keyLifetime() default "";
}
