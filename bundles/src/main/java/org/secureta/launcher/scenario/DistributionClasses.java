package org.secureta.launcher.scenario;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a launcher class that needs the distribution's libraries (tls-transport's PKI toolbox,
 * Bouncy Castle) in a class loader of its own: the launcher's class path holds only the
 * framework, and the bundles are not added to it so that the launcher carries no second copy.
 */
final class DistributionClasses {

    private static final List<String> JARS = List.of("tls-transport-", "bcprov-", "bcpkix-", "bcutil-");

    private DistributionClasses() {
    }

    /** Calls {@code className.method(String...)} in a loader holding the launcher's classes and the distribution's jars. */
    static Object call(Path distribution, String className, String method, String... args) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(DistributionClasses.class.getProtectionDomain().getCodeSource().getLocation());
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(distribution.resolve("bundle"), "*.jar")) {
            for (Path jar : dir) {
                String name = jar.getFileName().toString();
                if (JARS.stream().anyMatch(name::startsWith)) {
                    urls.add(jar.toUri().toURL());
                }
            }
        } catch (IOException e) {
            throw new IOException("cannot read the distribution's bundles in " + distribution.resolve("bundle") + ": " + e.getMessage(), e);
        }
        // Parent: the platform loader, so that the class is defined here, next to the jars, and not by the launcher's loader.
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?>[] types = new Class<?>[args.length];
            java.util.Arrays.fill(types, String.class);
            return loader.loadClass(className).getMethod(method, types).invoke(null, (Object[]) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
