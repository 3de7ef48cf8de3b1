/**
 * The unit's metrics in the Prometheus text exposition format (version 0.0.4): figures derived
 * from the unit events (docs/events.md) alone, so that the data plane never knows it is measured.
 * {@link org.secureta.provisioning.metrics.UnitMetrics} follows the events of one unit or of many
 * (a fleet, told apart by the events' {@code unit} attribute) and keeps totals;
 * {@link org.secureta.provisioning.metrics.PrometheusText} writes a
 * {@link org.secureta.provisioning.metrics.MetricsSnapshot}. docs/metrics.md lists the series.
 */
@Export
@Version("1.0.0")
package org.secureta.provisioning.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
