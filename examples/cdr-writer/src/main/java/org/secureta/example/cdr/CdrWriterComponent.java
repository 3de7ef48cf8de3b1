package org.secureta.example.cdr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.secureta.transport.UnitEvent;

/**
 * Writes a call detail record for every finished call of the unit into {@code HOME/cdr/calls.csv}.
 * It only listens: the unit posts its CALL events through EventAdmin (topic
 * {@code org/secureta/unit/CALL}), and this bundle needs nothing else from it.
 */
@Component(property = EventConstants.EVENT_TOPIC + "=" + UnitEvent.TOPIC_PREFIX + UnitEvent.CALL)
public final class CdrWriterComponent implements EventHandler {

    /** The framework property holding the unit's home folder (set by the launcher). */
    static final String HOME_PROPERTY = "secureta.home";
    private static final System.Logger LOG = System.getLogger(CdrWriterComponent.class.getName());

    private final CallTracker tracker = new CallTracker();
    private final CdrFile file;

    @Activate
    public CdrWriterComponent(BundleContext context) {
        String home = context.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("no unit home folder (framework property " + HOME_PROPERTY + "): nowhere to write CDRs");
        }
        this.file = new CdrFile(Path.of(home).resolve("cdr"));
    }

    @Override
    public void handleEvent(Event event) {
        Map<String, Object> properties = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            properties.put(name, event.getProperty(name));
        }
        UnitEvent call;
        try {
            call = UnitEvent.fromProperties(event.getTopic(), properties);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "not a unit event on {0}: {1}", event.getTopic(), e.getMessage());
            return;
        }
        synchronized (tracker) {
            tracker.accept(call).ifPresent(record -> {
                try {
                    file.append(record);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.ERROR, "cannot write the CDR of call {0} to {1}: {2}", record.call(), file.path(), e.toString());
                }
            });
        }
    }
}
