package org.secureta.provisioning.metrics.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.secureta.provisioning.internal.UnitStatusBoard;
import org.secureta.provisioning.metrics.MetricsConfiguration;
import org.secureta.provisioning.metrics.MetricsService;
import org.secureta.provisioning.metrics.PrometheusText;
import org.secureta.provisioning.metrics.UnitMetrics;
import org.secureta.transport.UnitEvent;

/**
 * Follows every unit event into {@link UnitMetrics} from the moment it is active, whether
 * the metrics are served or not (switching them on later then shows the unit's whole life), and
 * offers the exposition to the web component. Its configuration applies without a restart.
 */
@Component(service = {EventHandler.class, MetricsService.class}, immediate = true,
        configurationPid = MetricsConfiguration.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = EventConstants.EVENT_TOPIC + "=" + UnitEvent.TOPIC_ALL)
@Designate(ocd = MetricsConfiguration.class)
public final class MetricsComponent implements EventHandler, MetricsService {

    private final UnitMetrics metrics = new UnitMetrics();
    private volatile MetricsConfiguration configuration;

    /**
     * @param board the status board, whose latest REGISTRATION and TLS_LINK events seed the
     *              gauges: an event posted before this component was active (its bundle started
     *              late, or it was re-activated) would otherwise leave a line or link uncounted
     *              until its next change. Seeding twice is harmless: the same state again is no change.
     */
    @Activate
    public MetricsComponent(MetricsConfiguration configuration, @Reference UnitStatusBoard board) {
        this.configuration = configuration;
        for (UnitEvent e : board.status()) {
            if (e.kind().equals(UnitEvent.REGISTRATION) || e.kind().equals(UnitEvent.TLS_LINK)) {
                metrics.accept(e);
            }
        }
    }

    @Modified
    void modified(MetricsConfiguration changed) {
        this.configuration = changed;
    }

    @Override
    public void handleEvent(Event event) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String name : event.getPropertyNames()) {
            properties.put(name, event.getProperty(name));
        }
        UnitEvent unitEvent;
        try {
            unitEvent = UnitEvent.fromProperties(event.getTopic(), properties);
        } catch (IllegalArgumentException e) {
            return; // not posted through UnitEvent
        }
        metrics.accept(unitEvent);
    }

    @Override
    public Optional<String> scrape() {
        MetricsConfiguration c = configuration;
        return c.enabled() ? Optional.of(PrometheusText.write(metrics.snapshot(), c.perLineSeries())) : Optional.empty();
    }
}
