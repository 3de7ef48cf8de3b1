package org.secureta.provisioning.metrics;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The metrics' configuration (PID {@value #PID}), written by provisioning from
 * SecureTA.MetricsEnable and SecureTA.MetricsPerLineSeries; applies at once.
 */
@ObjectClassDefinition(id = MetricsConfiguration.PID, name = "SecureTA metrics",
        description = "Prometheus metrics at /metrics on the unit's web server (docs/metrics.md)")
public @interface MetricsConfiguration {

    String PID = "org.secureta.provisioning.metrics";

    @AttributeDefinition(name = "Enabled", description = "Serve /metrics (SecureTA.MetricsEnable); when off the path answers 404")
    boolean enabled() default false;

    @AttributeDefinition(name = "Per-line series",
            description = "Add one series per line and per TLS link (SecureTA.MetricsPerLineSeries); totals only when off, "
                    + "whatever the number of units")
    boolean perLineSeries() default false;
}
