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

    /** The usage text; here, not in Decrypt, so that {@code ta help decrypt} loads no srtp-ta class. */
    static final String USAGE = String.join("\n",
            "usage: ta decrypt CAPTURE --out PLAIN.pcapng [--tls-keys KEYLOG] [--srtp-keys FILE] [--psk HEX | --profile FILE]",
            "  CAPTURE        pcap or pcapng (Ethernet, Linux cooked SLL/SLL2 of -i any, raw IP, loopback)",
            "  --tls-keys     the unit's TLS key log (SecureTA.TlsKeyLogEnable, HOME/keylog/tls-keys.log): tshark",
            "                 decrypts the SIP, the keys are read from each call's SDP (SDES a=crypto, MIKEY key-mgmt)",
            "  --srtp-keys    the unit's SRTP key log (SecureTA.SrtpKeyLogEnable, HOME/keylog/srtp-keys.log), for",
            "                 captures without the TLS key log",
            "  --psk HEX      the MIKEY pre-shared key, when the MIKEY messages' KEMAC is encrypted",
            "  --profile FILE take the pre-shared key from a unit's profile (SecureTA.MikeyPreSharedKey)",
            "  --out          the capture written, owner-only: SRTP replaced by RTP, everything else as captured",
            "");

    private DecryptCommand() {
    }

    public static String usage() {
        return USAGE;
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
