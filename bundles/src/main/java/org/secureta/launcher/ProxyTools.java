package org.secureta.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ta certs} and {@code ta opensips-config}: plain commands, run outside the container from
 * the distribution's own bundle jars (opensips-config, provisioning, tls-transport, Bouncy
 * Castle) so that the launcher carries no second copy of them.
 */
public final class ProxyTools {

    private static final List<String> JARS = List.of("opensips-config-", "provisioning-", "tls-transport-",
            "bcprov-", "bcpkix-", "bcutil-");

    private ProxyTools() {
    }

    /** The usage of both commands, as the opensips-config bundle words it; empty if it cannot be read. */
    static String usage(Path distribution) {
        try (URLClassLoader loader = loader(distribution)) {
            return "\n" + loader.loadClass("org.secureta.opensips.Cli").getMethod("usage").invoke(null);
        } catch (IOException | ReflectiveOperationException e) {
            return "";
        }
    }

    private static URLClassLoader loader(Path distribution) throws IOException {
        List<URL> urls = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(distribution.resolve("bundle"), "*.jar")) {
            for (Path jar : dir) {
                String name = jar.getFileName().toString();
                if (JARS.stream().anyMatch(name::startsWith)) {
                    urls.add(jar.toUri().toURL());
                }
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ProxyTools.class.getClassLoader());
    }

    public static int run(Path distribution, String command, String[] args, PrintStream out, PrintStream err) throws Exception {
        List<URL> urls = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(distribution.resolve("bundle"), "*.jar")) {
            for (Path jar : dir) {
                String name = jar.getFileName().toString();
                if (JARS.stream().anyMatch(name::startsWith)) {
                    urls.add(jar.toUri().toURL());
                }
            }
        } catch (IOException e) {
            err.println("ta " + command + ": cannot read the distribution: " + e.getMessage());
            return Main.FAILED;
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ProxyTools.class.getClassLoader())) {
            Class<?> cli = loader.loadClass("org.secureta.opensips.Cli");
            String method = command.equals("certs") ? "certs" : "opensipsConfig";
            Method m = cli.getMethod(method, String[].class, PrintStream.class, PrintStream.class);
            return (Integer) m.invoke(null, args, out, err);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
