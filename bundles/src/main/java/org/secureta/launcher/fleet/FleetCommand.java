package org.secureta.launcher.fleet;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.secureta.launcher.Logging;

/**
 * {@code ta fleet}: checks the command line, then runs {@link FleetRunner} in a class loader of
 * the launcher's classes and the distribution's jars. The units are the data plane's own classes
 * ({@code SipUnit}, {@code CallAgent}), configured by provisioning's own mapping of their
 * profiles, outside the Felix container: a container per unit would cost a framework each, and
 * one container running the components once per unit would change how a {@code ./ta run}
 * unit's components find each other (docs/fleet.md, "Design").
 */
public final class FleetCommand {

    private FleetCommand() {
    }

    public static int run(Path distribution, List<String> args, PrintStream out, PrintStream err) throws Exception {
        FleetOptions options;
        try {
            options = FleetOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("ta fleet: " + e.getMessage());
            err.println("usage:");
            err.println(FleetOptions.USAGE);
            return FleetRunner.USAGE;
        }
        if (!Files.isRegularFile(options.template())) {
            err.println("ta fleet: no template profile " + options.template());
            return FleetRunner.USAGE;
        }
        Path home = options.home().orElseGet(() -> defaultHome(options.template())).toAbsolutePath();
        Logging.configure(home.resolve("logs"), Logging.debugRequested(), err);
        if (!Logging.debugRequested()) {
            // N units repeat the same warning N times: the console shows the fleet's lines and each distinct
            // unit problem once (FleetRunner); every unit's records stay in HOME/logs.
            for (java.util.logging.Handler h : java.util.logging.LogManager.getLogManager().getLogger("").getHandlers()) {
                if (!(h instanceof java.util.logging.FileHandler)) {
                    h.setLevel(java.util.logging.Level.SEVERE);
                }
            }
        }
        List<URL> urls = new ArrayList<>();
        urls.add(FleetCommand.class.getProtectionDomain().getCodeSource().getLocation());
        try {
            for (String folder : List.of("bundle", "lib")) {
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(distribution.resolve(folder), "*.jar")) {
                    for (Path jar : dir) {
                        urls.add(jar.toUri().toURL());
                    }
                }
            }
        } catch (IOException e) {
            err.println("ta fleet: cannot read the distribution in " + distribution + ": " + e.getMessage());
            return FleetRunner.FAILED;
        }
        // Parent: the platform loader, so that the fleet's classes are defined next to the jars, not by the launcher's loader.
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            return (Integer) loader.loadClass(FleetRunner.class.getName())
                    .getMethod("run", String[].class, PrintStream.class, PrintStream.class, String.class, String.class)
                    .invoke(null, args.toArray(String[]::new), out, err, distribution.toString(), home.toString());
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** TEMPLATE's folder/NAME.fleet (as {@code ta run}'s NAME.home). */
    static Path defaultHome(Path template) {
        String name = template.getFileName().toString();
        String base = name.endsWith(".profile") ? name.substring(0, name.length() - ".profile".length()) : name;
        return template.toAbsolutePath().getParent().resolve(base + ".fleet");
    }
}
