package org.secureta.launcher;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * A unit's container as the launcher's other packages (the scenarios' lab) use it: started from a
 * profile without a shell and without event lines on standard output, read through its
 * {@code ta:} commands.
 */
public final class RunningUnit implements AutoCloseable {

    private final Container container;

    private RunningUnit(Container container) {
        this.container = container;
    }

    /**
     * Starts a unit and waits until every bundle is up and its profile is applied.
     *
     * @throws IllegalStateException naming the bundles that failed, when it does not become ready
     */
    public static RunningUnit start(Path distribution, Path home, Path profile, Duration timeout) throws Exception {
        Container container = Container.start(new LaunchOptions(distribution, home, Optional.of(profile), false, false));
        if (!container.startFailures().isEmpty() || !container.awaitReady(timeout)) {
            String why = Main.readyProblem(container);
            container.close();
            throw new IllegalStateException(why);
        }
        return new RunningUnit(container);
    }

    /**
     * Runs {@code ta:NAME ARGS...} as the shell would: on the service whose
     * {@code osgi.command.function} names it (provisioning's, the call agent's, ...).
     */
    public String command(String name, String... args) throws ReflectiveOperationException {
        if (!name.matches("[A-Za-z]+")) {
            throw new IllegalArgumentException("not a command name: '" + name + "'");
        }
        BundleContext context = container.framework().getBundleContext();
        ServiceReference<?>[] refs = null;
        try {
            if (context != null) {
                // All references: the launcher calls the service reflectively, so class spaces do not matter.
                refs = context.getAllServiceReferences(null, "(&(osgi.command.scope=ta)(osgi.command.function=" + name + "))");
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs == null) {
            throw new IllegalStateException("the unit has no command ta:" + name + " (yet)");
        }
        Object service = context.getService(refs[0]);
        try {
            Class<?>[] types = new Class<?>[args.length];
            java.util.Arrays.fill(types, String.class);
            Method method = service.getClass().getMethod(name, types);
            return String.valueOf(method.invoke(service, (Object[]) args));
        } finally {
            context.ungetService(refs[0]);
        }
    }

    @Override
    public void close() throws Exception {
        container.close();
    }
}
