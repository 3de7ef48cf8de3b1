package org.secureta.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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
        return container.command(name, args);
    }

    @Override
    public void close() throws Exception {
        container.close();
    }
}
