package org.secureta.transport;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One SIP gateway of the unit (SipEp.Gateway row, with its servers); a factory configuration
 * (factory PID {@value #FACTORY_PID}) per gateway name.
 */
@ObjectClassDefinition(
        id = GatewayConfiguration.FACTORY_PID,
        name = "SIP gateway",
        description = "A SIP gateway: its listening ports and its registrar and proxy servers")
public @interface GatewayConfiguration {

    String FACTORY_PID = "org.secureta.transport.gateway";

    @AttributeDefinition(description = "Gateway name (SipEp.Gateway key)")
    String name();

    @AttributeDefinition(description = "Trunk or Endpoint")
    String type() default "Endpoint";

    @AttributeDefinition(description = "Local SIP port (0 means 5060)", min = "0", max = "65535")
    int port() default 0;

    @AttributeDefinition(description = "Local TLS server port (0 means 5061)", min = "0", max = "65535")
    int securePort() default 0;

    @AttributeDefinition(description = "Registrar host:port", required = false)
    String registrarHost() default "";

    @AttributeDefinition(description = "Proxy home domain host:port", required = false)
    String proxyHost() default "";

    @AttributeDefinition(description = "Outbound proxy host:port", required = false)
    String outboundProxyHost() default "";
}
