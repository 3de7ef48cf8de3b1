package org.secureta.launcher.decrypt;

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

/**
 * Runs {@link Decrypt} in a class loader holding the launcher's classes and the distribution's
 * srtp-ta bundle jar (its SDP, SDES, MIKEY and SRTP code): the launcher's class path holds only
 * the framework, and the decrypter uses the very engine the units run, not a second copy.
 */
public final class DecryptCommand {

    private static final List<String> JARS = List.of("srtp-ta-", "tls-transport-", "bcprov-");

    private DecryptCommand() {
    }

    public static String usage() {
        return Decrypt.USAGE_TEXT;
    }

    public static int run(Path distribution, String[] args, PrintStream out, PrintStream err) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(DecryptCommand.class.getProtectionDomain().getCodeSource().getLocation());
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(distribution.resolve("bundle"), "*.jar")) {
            for (Path jar : dir) {
                String name = jar.getFileName().toString();
                if (JARS.stream().anyMatch(name::startsWith)) {
                    urls.add(jar.toUri().toURL());
                }
            }
        } catch (IOException e) {
            err.println("ta decrypt: cannot read the distribution's bundles in " + distribution.resolve("bundle") + ": " + e.getMessage());
            return Decrypt.FAILED;
        }
        // Parent: the platform loader, so that Decrypt is defined here next to srtp-ta, not by the launcher's loader.
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            return (Integer) loader.loadClass(Decrypt.class.getName()).getMethod("run", String[].class, PrintStream.class, PrintStream.class)
                    .invoke(null, args, out, err);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
