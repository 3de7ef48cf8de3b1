package org.secureta.provisioning.metrics;

import java.util.Optional;

/** The unit's metrics as the web server serves them at {@code /metrics}. */
public interface MetricsService {

    /** The Prometheus text exposition now; empty when the metrics are off (SecureTA.MetricsEnable=Disable). */
    Optional<String> scrape();
}
