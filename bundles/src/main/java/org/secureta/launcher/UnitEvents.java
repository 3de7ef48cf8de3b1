package org.secureta.launcher;

import java.lang.reflect.Method;
import java.util.Hashtable;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The launcher listening to the unit's own events ({@code org/secureta/unit/KIND} on EventAdmin,
 * docs/events.md) from outside the container: an EventHandler service registered through the
 * system bundle, its interface taken from the EventAdmin bundle (the launcher's class path has
 * only the framework), as {@link OsgiLogBridge} does for the log reader ({@link OsgiCallbacks}).
 */
final class UnitEvents {

    private static final String EVENTADMIN_BUNDLE = "org.apache.felix.eventadmin";
    private static final String HANDLER = "org.osgi.service.event.EventHandler";
    /** REGISTRATION states that are not an outcome yet (docs/events.md). */
    private static final Set<String> UNDER_WAY = Set.of("Registering", "Refreshing", "Unregistering");

    private UnitEvents() {
    }

    /**
     * Calls {@code outcome} at the first REGISTRATION event whose state is an outcome (possibly
     * more than once: the caller makes it idempotent), and returns the handler's registration for
     * the caller to end; null when EventAdmin is not there to listen to.
     */
    static ServiceRegistration<?> onRegistrationOutcome(BundleContext context, Runnable outcome) {
        Bundle eventAdmin = null;
        for (Bundle b : context.getBundles()) {
            if (EVENTADMIN_BUNDLE.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                eventAdmin = b;
            }
        }
        if (eventAdmin == null) {
            return null;
        }
        Class<?> handlerType;
        try {
            handlerType = eventAdmin.loadClass(HANDLER);
        } catch (ClassNotFoundException e) {
            return null;
        }
        Object service = OsgiCallbacks.of(handlerType, "handleEvent", "secureta-launcher-registration-outcome", event -> {
            Object state = property(event, "state");
            if (state != null && !UNDER_WAY.contains(state.toString())) {
                outcome.run();
            }
        });
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("event.topics", "org/secureta/unit/REGISTRATION");
        return context.registerService(HANDLER, service, properties);
    }

    private static Object property(Object event, String name) {
        try {
            Method get = event.getClass().getMethod("getProperty", String.class);
            return get.invoke(event, name);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
