package org.secureta.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * Whether a unit needs libjitsi's bundles from its first moment, or can have them started once
 * it is ready (issue 19, {@link Container}): from the start when its profile runs the media on
 * libjitsi ({@code SecureTA.MediaEngine=Libjitsi}), or when an extension bundle imports
 * libjitsi's packages (a libjitsi application in the container, docs/libjitsi.md), whose
 * activator may call libjitsi at once.
 */
final class LibjitsiUse {

    private static final Pattern LIBJITSI_ENGINE = Pattern.compile("(?im)^\\s*SecureTA\\.MediaEngine\\s*=\\s*Libjitsi\\s*$");

    private LibjitsiUse() {
    }

    static boolean atStart(LaunchOptions options) {
        return profileRunsMediaOnLibjitsi(options.profile()) || options.extensionFolders().stream().anyMatch(LibjitsiUse::extensionImportsLibjitsi);
    }

    static boolean profileRunsMediaOnLibjitsi(Optional<Path> profile) {
        if (profile.isEmpty() || !Files.isReadable(profile.get())) {
            return false;
        }
        try {
            return LIBJITSI_ENGINE.matcher(Files.readString(profile.get(), java.nio.charset.StandardCharsets.ISO_8859_1)).find();
        } catch (IOException unreadable) {
            // The provisioning reports an unreadable profile; libjitsi then simply starts after the unit.
            return false;
        }
    }

    private static boolean extensionImportsLibjitsi(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path jar : jars) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    Manifest manifest = file.getManifest();
                    Attributes main = manifest == null ? null : manifest.getMainAttributes();
                    if (main != null && (mentionsLibjitsi(main.getValue("Import-Package")) || mentionsLibjitsi(main.getValue("Require-Bundle")))) {
                        return true;
                    }
                } catch (IOException notAJar) {
                    // The container reports a jar that is no bundle when it installs it.
                }
            }
        } catch (IOException unreadable) {
            return false;
        }
        return false;
    }

    private static boolean mentionsLibjitsi(String header) {
        return header != null && header.contains("org.jitsi");
    }
}
