package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When libjitsi's bundles must start with the unit rather than after it (issue 19). */
class LibjitsiUseTest {

    @TempDir
    Path dir;

    @Test
    void aNativeMediaUnitStartsLibjitsiAfterItIsReady() throws Exception {
        Path profile = Files.writeString(dir.resolve("unit.profile"), "SecureTA.MediaEngine=Native\nSipEp.UserAgent[Port1].Username=100\n");
        assertFalse(LibjitsiUse.atStart(options(profile)));
        assertFalse(LibjitsiUse.atStart(new LaunchOptions(dir, dir.resolve("home"), Optional.empty(), false, false)));
    }

    @Test
    void aUnitWhoseMediaRunsOnLibjitsiStartsItWithTheUnit() throws Exception {
        Path profile = Files.writeString(dir.resolve("unit.profile"), "SipEp.UserAgent[Port1].Username=100\n  SecureTA.MediaEngine = libjitsi \n");
        assertTrue(LibjitsiUse.atStart(options(profile)));
    }

    @Test
    void anExtensionImportingLibjitsiStartsItWithTheUnit() throws Exception {
        Path profile = Files.writeString(dir.resolve("unit.profile"), "SipEp.UserAgent[Port1].Username=100\n");
        Path extensions = Files.createDirectories(dir.resolve("extensions"));
        bundle(extensions.resolve("cdr.jar"), "org.osgi.framework;version=\"[1.8,2)\"");
        assertFalse(LibjitsiUse.atStart(options(profile, extensions)));
        bundle(extensions.resolve("app.jar"), "org.jitsi.service.neomedia;version=\"[1.0,2)\",org.osgi.framework");
        assertTrue(LibjitsiUse.atStart(options(profile, extensions)));
    }

    private LaunchOptions options(Path profile, Path... extensionFolders) {
        return new LaunchOptions(dir, dir.resolve("home"), Optional.of(profile), false, false, List.of(extensionFolders));
    }

    private static void bundle(Path jar, String imports) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", jar.getFileName().toString());
        manifest.getMainAttributes().putValue("Import-Package", imports);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
    }
}
