package org.secureta.provisioning.internal;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.secureta.transport.UnitEvent;

/**
 * Follows every unit event: keeps the latest one per subject (what {@code ta:status} shows) and
 * a short history, and prints each as one line on standard output when the unit runs without a
 * shell ({@code secureta.events=stdout}).
 */
@Component(
        service = {EventHandler.class, UnitStatusBoard.class},
        immediate = true,
        property = EventConstants.EVENT_TOPIC + "=" + UnitEvent.TOPIC_ALL)
public final class UnitStatusBoard implements EventHandler {

    static final String EVENTS_PROPERTY = "secureta.events";
    private static final int HISTORY = 200;

    private final PrintStream out;
    private final Map<String, UnitEvent> latest = new LinkedHashMap<>();
    private final Deque<UnitEvent> history = new ArrayDeque<>();

    @Activate
    public UnitStatusBoard(BundleContext context) {
        this("stdout".equals(context.getProperty(EVENTS_PROPERTY)) ? System.out : null);
    }

    UnitStatusBoard(PrintStream out) {
        this.out = out;
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
            return; // not posted through UnitEvent: not ours to show
        }
        record(unitEvent);
    }

    /**
     * Records an event once: the provisioning component hands its own events over directly as
     * well as through EventAdmin (which can miss events posted while the unit starts), so the
     * same event (same time, kind and attributes) arriving again is ignored.
     */
    synchronized void record(UnitEvent event) {
        // Not only the latest of its subject: EventAdmin delivers asynchronously, so the copy of an
        // event may come after a newer one of the same subject was recorded directly, and must not
        // replace it (nor be printed twice).
        if (event.equals(latest.get(event.subject())) || history.contains(event)) {
            return;
        }
        latest.remove(event.subject());
        latest.put(event.subject(), event);
        history.addLast(event);
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
        if (out != null) {
            out.println(event.toLine());
            out.flush();
        }
    }

    /** The latest event of each subject, oldest first. */
    public synchronized List<UnitEvent> status() {
        return new ArrayList<>(latest.values());
    }

    /** The latest events in order, at most {@code max}. */
    public synchronized List<UnitEvent> recent(int max) {
        List<UnitEvent> all = new ArrayList<>(history);
        return all.subList(Math.max(0, all.size() - max), all.size());
    }
}
