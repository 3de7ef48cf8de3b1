package org.secureta.transport;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One line (FXS endpoint) of the unit with its SIP user and digest credentials; a factory
 * configuration (factory PID {@value #FACTORY_PID}) per endpoint id.
 */
@ObjectClassDefinition(
        id = LineConfiguration.FACTORY_PID,
        name = "SIP line",
        description = "A line of the unit: SIP user agent and its credentials (SipEp.UserAgent, SipEp.Authentication)")
public @interface LineConfiguration {

    String FACTORY_PID = "org.secureta.transport.line";

    @AttributeDefinition(description = "Endpoint id (SipEp.UserAgent key)")
    String endpointId();

    @AttributeDefinition(description = "SIP user name")
    String username();

    @AttributeDefinition(description = "Display name", required = false)
    String friendlyName() default "";

    @AttributeDefinition(description = "Register this line")
    boolean register() default true;

    @AttributeDefinition(description = "Gateway the line registers through")
    String gatewayName();

    @AttributeDefinition(description = "Digest user name", required = false)
    String authUsername() default "";

    @AttributeDefinition(description = "Digest realm (empty: any)", required = false)
    String authRealm() default "";

    /** Leading dot: ConfigAdmin private property, never copied into service properties. */
    @AttributeDefinition(name = ".authPassword", description = "Digest password", type = AttributeType.PASSWORD, required = false)
    String _authPassword() default "";
}
