package org.secureta.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * The Felix container of one unit: installs every bundle of the distribution, starts them, and
 * tells when all are up.
 */
final class Container implements AutoCloseable {

    static final String SHELL_BUNDLE = "org.apache.felix.gogo.shell";

    /*
     * Start levels: platform services (EventAdmin, ConfigAdmin, ...) finish starting before SCR
     * activates any component, and SCR before our bundles. Otherwise a component can post an
     * event before EventAdmin tracks its handlers, and the event is lost.
     */
    private static final int PLATFORM_LEVEL = 1;
    private static final int SCR_LEVEL = 2;
    private static final int UNIT_LEVEL = 3;
    /*
     * The web server (Felix HTTP, its servlet API and logging) starts after the unit: started
     * among the platform services it delayed EventAdmin's own configuration update (which
     * briefly drops its handler list) into the unit's start, and the first events were lost.
     */
    private static final int WEB_LEVEL = 5;
    /**
     * libjitsi and its eleven companions (issue 16) start once the unit is ready, not before it
     * (issue 19): a unit whose media is native never calls them, and resolving and starting them
     * (LibJitsi's own start, Kotlin, fmj, JNA) was a fifth of the bundles' start-up CPU. They stay
     * installed from the beginning, so that an extension importing their packages resolves; and
     * they start with the platform when the profile runs the media on libjitsi or an extension
     * bundle imports {@code org.jitsi} packages.
     */
    private static final int LIBJITSI_LEVEL = 4;
    static final java.util.Set<String> LIBJITSI_BUNDLES = java.util.Set.of(
            "org.jitsi.libjitsi", "org.jitsi.srtp", "org.jitsi.utils", "org.jitsi.fmj", "org.jitsi.zrtp4j-light",
            "org.jetbrains.kotlin.osgi-bundle", "com.sun.jna", "com.googlecode.json-simple", "ch.imvs.sdes4j",
            "org.apache.commons.lang3", "org.secureta.libjitsi-keying", "org.secureta.libjitsi-exports");
    /**
     * The web server starts only when the unit serves its web management (issue 19): Jetty's
     * start is the slowest of all bundles', and most units never open their web port. The
     * management registers its servlet on the whiteboard once SecureTA.WebHttpsPort is set (at
     * start or later by ta:set); that registration raises the framework to {@link #WEB_LEVEL}.
     */
    private static final String SERVLET_FILTER = "(|(objectClass=jakarta.servlet.Servlet)(objectClass=javax.servlet.Servlet))";
    private static final java.util.Set<String> WEB_BUNDLES = java.util.Set.of(
            "org.apache.felix.http.jetty", "org.apache.felix.http.servlet-api", "slf4j.api", "slf4j.nop");
    private static final String COMMANDS_SERVICE = "org.secureta.provisioning.internal.TaCommands";

    private final Framework framework;
    private final List<Bundle> bundles = new ArrayList<>();
    private final List<String> startFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> extensions = new ArrayList<>();
    private final long startNanos;
    private final StartupTimings timings;
    /**
     * The highest start level asked for so far ({@link #UNIT_LEVEL} at start): a later, lower
     * request must not stop what a higher one started, and a bundle waiting above it is not down.
     */
    private volatile int levelRequested = UNIT_LEVEL;
    private final java.util.concurrent.CountDownLatch libjitsiStarted = new java.util.concurrent.CountDownLatch(1);
    private long readyNanos;
    /** Counts the framework's bundle, service and framework events, for {@link #awaitReady}. */
    private long changes;
    private final Object readiness = new Object();

    /** JDK-internal packages fmj (sun.audio) and libjitsi (AWT peers) import. */
    static final String LIBJITSI_SYSTEM_PACKAGES = "sun.audio,sun.awt.X11,sun.lwawt,sun.lwawt.macosx";

    /**
     * libjitsi headless (docs/libjitsi.md): its native audio systems off, since PortAudio can kill the
     * JVM on a host without audio; video off. libjitsi reads these as system properties (the
     * {@code <DeviceSystem class>.disabled} switch); an operator's own -D setting wins.
     */
    static final Map<String, String> LIBJITSI_HEADLESS = Map.of(
            "org.jitsi.impl.neomedia.device.PortAudioSystem.disabled", "true",
            "org.jitsi.impl.neomedia.device.PulseAudioSystem.disabled", "true",
            "net.java.sip.communicator.service.media.DISABLE_VIDEO_SUPPORT", "true",
            "java.awt.headless", "true");

    private Container(Framework framework, long startNanos, StartupTimings timings) {
        this.framework = framework;
        this.startNanos = startNanos;
        this.timings = timings;
    }

    static Container start(LaunchOptions options) throws BundleException, IOException {
        long t0 = System.nanoTime();
        StartupTimings timings = new StartupTimings();
        Path storage = UnitHome.prepare(options.home());
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        /*
         * ConfigAdmin keeps configurations in memory only. They are derived from the profile at
         * every start (the saved profile, owner-only, is the unit's one persistent configuration),
         * and they hold the line password and the MIKEY pre-shared key: its file persistence would
         * write them to HOME/felix-cache/.../*.config with the process umask (0644).
         */
        config.put("felix.cm.pm", "memory");
        // The profile is the truth: no state survives a restart except what the home folder holds.
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("secureta.home", options.home().toAbsolutePath().toString());
        options.profile().ifPresent(p -> config.put("secureta.profile", p.toAbsolutePath().toString()));
        config.put("secureta.events", options.eventsOnStdout() ? "stdout" : "none");
        config.put("org.apache.felix.log.storeDebug", "false");
        // The shell reads the distribution's etc/gosh_profile (prompt, exit, the welcome text).
        config.put("gosh.home", options.distribution().toAbsolutePath().toString());
        // The HTTP service opens no port by itself: the web management configures HTTPS only
        // when the profile sets SecureTA.WebHttpsPort.
        config.put("org.apache.felix.http.enable", "false");
        config.put("org.apache.felix.https.enable", "false");
        config.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(UNIT_LEVEL));
        // Felix prints its own messages to standard output unless given a logger (docs/logging.md).
        config.put("felix.log.level", Logging.felixLogLevel());
        // EventAdmin logs through the log service while it can, and to standard output once its own
        // stop has closed that path (a RejectedExecutionException of a late event as the unit stops):
        // its warnings only with --debug, its errors always (docs/logging.md).
        config.put("org.apache.felix.eventadmin.LogLevel", Logging.felixLogLevel().equals("4") ? "4" : "1");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> objects = (Map) config;
        objects.put("felix.log.logger", Logging.felixLogger());
        // libjitsi's media framework (fmj) and libjitsi import JDK-internal packages; declaring them lets
        // the bundles resolve (the classes are used only on desktops with audio/video, never here).
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, LIBJITSI_SYSTEM_PACKAGES);
        LIBJITSI_HEADLESS.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
        Framework framework = new FrameworkFactory().newFramework(config);
        framework.init();
        framework.getBundleContext().addBundleListener(timings);
        framework.getBundleContext().addFrameworkListener(timings);
        timings.phase("framework-init");
        OsgiLogBridge.install(framework.getBundleContext());
        Container container = new Container(framework, t0, timings);
        container.installAll(options, !LibjitsiUse.atStart(options));
        timings.phase("install");
        // awaitReady looks again whenever a bundle, the unit's commands or the framework change.
        framework.getBundleContext().addBundleListener(event -> container.changed());
        framework.getBundleContext().addFrameworkListener(event -> container.changed());
        try {
            framework.getBundleContext().addServiceListener((org.osgi.framework.AllServiceListener) event -> container.changed(),
                    "(" + Constants.OBJECTCLASS + "=" + COMMANDS_SERVICE + ")");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        // Errors of deferred starts (unresolved imports, failing activators) arrive as events.
        framework.getBundleContext().addFrameworkListener(event -> {
            if (event.getType() == org.osgi.framework.FrameworkEvent.STARTLEVEL_CHANGED
                    && framework.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class).getStartLevel() >= LIBJITSI_LEVEL) {
                container.libjitsiStarted.countDown();
            }
            if (event.getType() == org.osgi.framework.FrameworkEvent.ERROR && event.getBundle() != null) {
                Throwable t = event.getThrowable();
                container.startFailures.add(event.getBundle().getSymbolicName() + ": " + (t == null ? "error" : t.getMessage()));
            }
        });
        try {
            // All services: a ServiceListener would not hear of a servlet whose class the launcher's own
            // class path sees from another source (a test's), as the framework then deems it not assignable.
            framework.getBundleContext().addServiceListener((org.osgi.framework.AllServiceListener) event -> {
                if (event.getType() == org.osgi.framework.ServiceEvent.REGISTERED) {
                    container.startWeb();
                }
            }, SERVLET_FILTER);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (Bundle b : container.bundles) {
            if (!isFragment(b)) {
                // The framework is not started yet: this only marks the bundle for start at its level.
                b.start();
            }
        }
        framework.start();
        return container;
    }

    /** @param deferLibjitsi whether libjitsi's bundles wait at {@link #LIBJITSI_LEVEL} until the unit is ready */
    private void installAll(LaunchOptions options, boolean deferLibjitsi) throws IOException, BundleException {
        BundleContext context = framework.getBundleContext();
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(options.distribution().resolve("bundle"), "*.jar")) {
            dir.forEach(jars::add);
        }
        jars.sort(null);
        // The log service first: within a start level Felix stops bundles in reverse install order,
        // so it outlives EventAdmin, whose last words would otherwise go to standard output.
        jars.sort(java.util.Comparator.comparing((Path jar) -> !jar.getFileName().toString().startsWith("org.apache.felix.log-")));
        for (Path jar : jars) {
            if (!options.shell() && isShell(jar)) {
                continue;
            }
            Bundle bundle;
            long began = System.nanoTime();
            /*
             * By reference: Felix reads the jar where it lies instead of copying it into its
             * cache (35 MB for the distribution's 36 bundles, copied at every start and deleted
             * at the next one, since the cache is cleaned on each start).
             */
            bundle = context.installBundle("reference:" + jar.toUri());
            timings.installed(bundle.getSymbolicName(), System.nanoTime() - began);
            String bsn = bundle.getSymbolicName();
            int level = "org.apache.felix.scr".equals(bsn) ? SCR_LEVEL
                    : WEB_BUNDLES.contains(bsn) ? WEB_LEVEL
                    : deferLibjitsi && LIBJITSI_BUNDLES.contains(bsn) ? LIBJITSI_LEVEL
                    : bsn != null && bsn.startsWith("org.secureta.") ? UNIT_LEVEL : PLATFORM_LEVEL;
            bundle.adapt(BundleStartLevel.class).setStartLevel(level);
            bundles.add(bundle);
        }
        installExtensions(options);
    }

    /** Raises the framework to the web server's start level (asynchronously; once). */
    private void startWeb() {
        raiseTo(WEB_LEVEL);
    }

    /**
     * Starts libjitsi's bundles if they waited for the unit (asynchronously; once).
     */
    void startDeferred() {
        raiseTo(LIBJITSI_LEVEL);
    }

    /**
     * Starts libjitsi's bundles once the unit's start has settled: at its first registration
     * outcome (a {@code REGISTRATION} event in any state but Registering, Refreshing or
     * Unregistering), or {@link #SETTLE_AT_MOST} after the unit is ready when none comes (a unit
     * without lines, a registrar that does not answer). Started right at ready, their start (a
     * third of a second of CPU: Kotlin, fmj, LibJitsi's activator) ran on the second core beside
     * the unit's first TLS handshake and REGISTER, and delayed them (issue 19).
     */
    private void startDeferredOnceSettled() {
        if (levelRequested >= LIBJITSI_LEVEL) {
            return;
        }
        java.util.concurrent.atomic.AtomicReference<org.osgi.framework.ServiceRegistration<?>> handler = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable settled = () -> {
            startDeferred();
            org.osgi.framework.ServiceRegistration<?> registration = handler.getAndSet(null);
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the framework stopped first
                }
            }
        };
        handler.set(UnitEvents.onRegistrationOutcome(framework.getBundleContext(), settled));
        if (handler.get() == null) {
            settled.run();
            return;
        }
        java.util.concurrent.CompletableFuture.delayedExecutor(SETTLE_AT_MOST.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(settled);
    }

    /** The longest libjitsi's bundles wait for a unit's first registration outcome. */
    static final Duration SETTLE_AT_MOST = Duration.ofSeconds(5);

    private synchronized void raiseTo(int wanted) {
        // A late request (libjitsi's settling fallback) may come after the unit has stopped: nothing to start then.
        // (STARTING counts: the web's servlet may register while the framework is still reaching its first level.)
        if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
            return;
        }
        org.osgi.framework.startlevel.FrameworkStartLevel level = framework.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class);
        if (level != null && wanted > levelRequested) {
            levelRequested = wanted;
            try {
                level.setStartLevel(wanted);
            } catch (IllegalStateException stopping) {
                // the framework began stopping between the check and the request
            }
        }
    }

    /**
     * Waits until the bundles started after the unit (libjitsi's) are up too: for what needs
     * them right away (a test of libjitsi in the container, the class-data archive's training).
     */
    boolean awaitDeferredStart(Duration timeout) throws InterruptedException {
        startDeferred();
        return awaitDeferredStartOnItsOwn(timeout);
    }

    /** Waits, without asking for it, until libjitsi's bundles have been started (by the unit's settling). */
    boolean awaitDeferredStartOnItsOwn(Duration timeout) throws InterruptedException {
        return libjitsiStarted.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) && bundlesNotUp().isEmpty();
    }

    /** Whether a bundle of this symbolic name is ACTIVE. */
    boolean isActive(String symbolicName) {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b.getState() == Bundle.ACTIVE;
            }
        }
        return false;
    }

    /**
     * Extension bundles (docs/extending.md): every jar of the given folders and of
     * {@code HOME/bundles/}, started with the unit's own bundles, once SCR and EventAdmin run.
     * A jar that is not a bundle, or clashes with one installed, is reported by name and skipped.
     */
    private void installExtensions(LaunchOptions options) throws IOException {
        BundleContext context = framework.getBundleContext();
        for (Path folder : options.extensionFolders()) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            List<Path> jars = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*.jar")) {
                dir.forEach(jars::add);
            }
            jars.sort(null);
            for (Path jar : jars) {
                try (InputStream in = Files.newInputStream(jar)) {
                    Bundle bundle = context.installBundle(jar.toUri().toString(), in);
                    bundle.adapt(BundleStartLevel.class).setStartLevel(UNIT_LEVEL);
                    bundles.add(bundle);
                    extensions.add(bundle.getSymbolicName() + "@" + bundle.getVersion());
                } catch (BundleException e) {
                    startFailures.add("extension bundle " + jar + ": " + e.getMessage());
                }
            }
        }
    }

    /** The extension bundles installed, {@code symbolic-name@version} each. */
    List<String> extensions() {
        return List.copyOf(extensions);
    }

    /**
     * Whether a distribution jar is the Gogo shell: by the file name the distribution gives it
     * (bundles/pom.xml copies artifacts as artifactId-version.jar) and, for a jar so named, by its
     * symbolic name. Opening every jar to read its manifest before Felix opens it again cost a
     * seventh of the main thread's start-up CPU (issue 19).
     */
    static boolean isShell(Path jar) throws IOException {
        return jar.getFileName().toString().startsWith(SHELL_BUNDLE + "-") && SHELL_BUNDLE.equals(symbolicName(jar));
    }

    private static String symbolicName(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String bsn = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            return bsn == null ? "" : bsn.split(";")[0].trim();
        }
    }

    static boolean isFragment(Bundle b) {
        return b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }

    /** Why bundles failed to start (unresolved imports, activator errors), one line each. */
    List<String> startFailures() {
        return List.copyOf(startFailures);
    }

    /**
     * Bundles that are not ACTIVE (RESOLVED for fragments), with their state. A bundle whose start
     * level has not been asked for yet waits there and is not down: the web server's until the web
     * is asked for, libjitsi's until the unit is ready.
     */
    List<String> bundlesNotUp() {
        List<String> down = new ArrayList<>();
        for (Bundle b : framework.getBundleContext().getBundles()) {
            BundleStartLevel level = b.adapt(BundleStartLevel.class);
            if (level != null && level.getStartLevel() > levelRequested && b.getState() != Bundle.ACTIVE) {
                continue;
            }
            int expected = isFragment(b) ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                down.add(b.getSymbolicName() + " " + b.getVersion() + " is " + stateName(b.getState()));
            }
        }
        return down;
    }

    /**
     * Waits until every bundle is up and the unit's commands are registered (its profile is
     * applied), or the timeout passes.
     */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen;
            synchronized (readiness) {
                seen = changes;
            }
            // A refused profile stops the framework; until it has, the unit is not ready either.
            if (framework.getState() != Bundle.ACTIVE || System.getProperty("secureta.exitCode") != null) {
                return false;
            }
            if (bundlesNotUp().isEmpty() && commands() != null) {
                readyNanos = System.nanoTime();
                timings.phase("profile-applied");
                startDeferredOnceSettled();
                return true;
            }
            synchronized (readiness) {
                while (changes == seen) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(readiness, left);
                }
            }
        }
    }

    private void changed() {
        synchronized (readiness) {
            changes++;
            readiness.notifyAll();
        }
    }

    /** Registered services by interface, for diagnosing a unit that does not become ready. */
    String services() {
        StringBuilder s = new StringBuilder();
        try {
            ServiceReference<?>[] refs = framework.getBundleContext().getAllServiceReferences(null, null);
            if (refs != null) {
                for (ServiceReference<?> r : refs) {
                    s.append(java.util.Arrays.toString((String[]) r.getProperty(Constants.OBJECTCLASS))).append(' ');
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return s.toString();
    }

    /** Where the start-up went, bundle by bundle ({@code STARTUP} lines). */
    List<String> startupTimings() {
        return timings.lines();
    }

    /** Milliseconds from the start of the JVM's framework boot to all bundles active. */
    long startupMillis() {
        return Duration.ofNanos(readyNanos - startNanos).toMillis();
    }

    int bundleCount() {
        return framework.getBundleContext().getBundles().length;
    }

    /**
     * Runs one of the unit's {@code ta:} commands (as the shell would: the service whose
     * {@code osgi.command.function} names it, provisioning's or the call agent's) and returns its output.
     */
    String command(String name, String... args) throws ReflectiveOperationException {
        Object commands = commandProvider(name);
        if (commands == null) {
            throw new IllegalStateException("the unit has no ta:" + name + " command (yet)");
        }
        Class<?>[] types = new Class<?>[args.length];
        java.util.Arrays.fill(types, String.class);
        Method method;
        try {
            method = commands.getClass().getMethod(name, types);
        } catch (NoSuchMethodException e) {
            // Commands with options (ta:ladder all --svg FILE) take String... as Gogo passes them.
            return String.valueOf(commands.getClass().getMethod(name, String[].class).invoke(commands, (Object) args));
        }
        return String.valueOf(method.invoke(commands, (Object[]) args));
    }

    private Object commandProvider(String function) {
        BundleContext context = framework.getBundleContext();
        if (context == null || !function.matches("[A-Za-z]+")) {
            return null;
        }
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(null, "(&(osgi.command.scope=ta)(osgi.command.function=" + function + "))");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return refs == null ? null : context.getService(refs[0]);
    }

    private Object commands() {
        BundleContext context = framework.getBundleContext();
        if (context == null) {
            return null;
        }
        // All references: the launcher sees the service through reflection only, so class
        // space compatibility (which getServiceReference enforces) does not matter here.
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(COMMANDS_SERVICE, null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return refs == null ? null : context.getService(refs[0]);
    }

    Framework framework() {
        return framework;
    }

    /** Waits until the framework stops (end of the shell, a signal, or a configuration error). */
    void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    @Override
    public void close() throws BundleException, InterruptedException {
        if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
            framework.stop();
        }
        framework.waitForStop(Duration.ofSeconds(30).toMillis());
    }

    static String stateName(int state) {
        switch (state) {
            case Bundle.UNINSTALLED: return "UNINSTALLED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "state " + state;
        }
    }
}
