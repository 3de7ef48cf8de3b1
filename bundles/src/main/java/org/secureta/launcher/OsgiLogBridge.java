package org.secureta.launcher;

import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;

/**
 * Forwards the OSGi log service's entries (SCR, EventAdmin, ConfigAdmin, our components) to
 * java.util.logging, logger {@code osgi.BUNDLE}, so that {@link Logging} decides where they go:
 * Felix's log service only stores them. The launcher does not share the bundles' class space
 * for {@code org.osgi.service.log}, so the listener is a proxy of the log bundle's own interface
 * and entries are read reflectively.
 */
final class OsgiLogBridge {

    static final String READER = "org.osgi.service.log.LogReaderService";

    private OsgiLogBridge() {
    }

    /** Adds the listener to the log reader service as soon as it is registered. */
    static void install(BundleContext context) {
        try {
            context.addServiceListener(event -> {
                if (event.getType() == ServiceEvent.REGISTERED) {
                    attach(context, event.getServiceReference());
                }
            }, "(objectClass=" + READER + ")");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void attach(BundleContext context, ServiceReference<?> ref) {
        Object reader = context.getService(ref);
        if (reader == null) {
            return;
        }
        try {
            Class<?> listenerType = reader.getClass().getClassLoader().loadClass("org.osgi.service.log.LogListener");
            Object listener = OsgiCallbacks.of(listenerType, "logged", "secureta-log-bridge", OsgiLogBridge::forward);
            Method add = find(reader.getClass(), "addLogListener", listenerType);
            add.invoke(reader, listener);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Logger.getLogger(OsgiLogBridge.class.getName()).log(Level.FINE, "OSGi log entries not forwarded", e);
        }
    }

    private static Method find(Class<?> type, String name, Class<?> parameter) throws NoSuchMethodException {
        // The implementation class may be private to its bundle: call through the public interface.
        for (Class<?> i : type.getInterfaces()) {
            try {
                return i.getMethod(name, parameter);
            } catch (NoSuchMethodException e) {
                // try the next interface
            }
        }
        Method m = type.getMethod(name, parameter);
        m.setAccessible(true);
        return m;
    }

    private static void forward(Object entry) {
        try {
            int level = (Integer) call(entry, "getLevel");
            Object bundle = call(entry, "getBundle");
            String name = bundle == null ? "framework" : String.valueOf(call(bundle, "getSymbolicName"));
            Object message = call(entry, "getMessage");
            Object thrown = call(entry, "getException");
            Logger.getLogger("osgi." + name).log(Logging.osgiLevel(level), String.valueOf(message),
                    thrown instanceof Throwable t ? t : null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // An entry we cannot read is not worth failing the logging bundle's delivery thread.
        }
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        for (Class<?> i : target.getClass().getInterfaces()) {
            try {
                return i.getMethod(method).invoke(target);
            } catch (NoSuchMethodException e) {
                // try the next interface
            }
        }
        Method m = target.getClass().getMethod(method);
        m.setAccessible(true);
        return m.invoke(target);
    }
}
