package org.secureta.srtp.mikey;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * MIKEY's own settings (PID {@value MikeyKeyManagement#PID}, optional): the call agent never sees them.
 */
@ObjectClassDefinition(
        id = MikeyKeyManagement.PID,
        name = "MIKEY key management",
        description = "Settings of the Mikey key management (RFC 3830 in SDP, RFC 4567)")
public @interface MikeyConfiguration {

    @AttributeDefinition(name = "mikey.clockSkewSeconds", min = "1", max = "86400",
            description = "Allowed difference, in seconds, between a message's timestamp and our clock (RFC 3830 5.4)")
    long mikey_clockSkewSeconds() default 300;

    /** Leading dot: private, never copied into service properties. Hex. */
    @AttributeDefinition(name = ".preSharedKey", type = AttributeType.PASSWORD, required = false,
            description = "Pre-shared key, hexadecimal (extension SecureTA.MikeyPreSharedKey); empty: NULL KEMAC, TLS only")
    String _preSharedKey() default "";
}
