package org.secureta.provisioning.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.secureta.provisioning.internal.UnitStatusBoard;
import org.secureta.provisioning.metrics.MetricsConfiguration;
import org.secureta.provisioning.metrics.PrometheusTextParser;
import org.secureta.transport.UnitEvent;

/** The component as DS runs it: seeded from the status board, fed by EventAdmin, switched by its configuration. */
class MetricsComponentTest {

    private static MetricsConfiguration config(boolean enabled, boolean perLine) {
        return new MetricsConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MetricsConfiguration.class;
            }

            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public boolean perLineSeries() {
                return perLine;
            }
        };
    }

    private static Event event(UnitEvent e) {
        return new Event(e.topic(), e.toProperties());
    }

    @Test
    void aLinkAndALineThatCameUpBeforeTheComponentAreCountedOnceEvenWhenTheirEventsArriveAgain() {
        UnitStatusBoard board = new UnitStatusBoard(context());
        UnitEvent up = UnitEvent.of(UnitEvent.TLS_LINK, "gateway", "Lab", "state", "Up");
        UnitEvent registered = UnitEvent.of(UnitEvent.REGISTRATION, "line", "Port1", "state", "Registered");
        board.handleEvent(event(up));
        board.handleEvent(event(registered));

        MetricsComponent metrics = new MetricsComponent(config(true, false), board);
        metrics.handleEvent(event(up));
        metrics.handleEvent(event(registered));
        PrometheusTextParser p = PrometheusTextParser.parse(metrics.scrape().orElseThrow());
        assertEquals(1, p.require("secureta_tls_links", "state", "Up"));
        assertEquals(1, p.require("secureta_tls_link_connects_total"));
        assertEquals(1, p.require("secureta_registrations", "state", "Registered"));
        assertEquals(1, p.require("secureta_registration_successes_total"));
    }

    @Test
    void itsConfigurationSwitchesTheExpositionAndThePerLineSeriesWithoutARestart() {
        MetricsComponent metrics = new MetricsComponent(config(false, false), new UnitStatusBoard(context()));
        metrics.handleEvent(event(UnitEvent.of(UnitEvent.REGISTRATION, "line", "Port1", "state", "Registering")));
        assertTrue(metrics.scrape().isEmpty(), "off by default");
        metrics.modified(config(true, true));
        PrometheusTextParser p = PrometheusTextParser.parse(metrics.scrape().orElseThrow());
        assertEquals(1, p.require("secureta_line_registration_state", "line", "Port1", "state", "Registering"),
                "events taken while off are counted once on");
    }

    /** A board that prints nothing (no secureta.events=stdout). */
    private static BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(MetricsComponentTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> null);
    }
}
