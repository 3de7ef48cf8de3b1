package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the libraries' log records go: the console keeps real warnings only, HOME/logs/ the rest. */
class LoggingTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @AfterEach
    void restoreTheJdkDefaults() throws IOException {
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) {
            h.close();
        }
        LogManager.getLogManager().readConfiguration();
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    private static String file(Path log) throws IOException {
        for (Handler h : LogManager.getLogManager().getLogger("").getHandlers()) {
            h.flush();
        }
        return Files.readString(log);
    }

    @Test
    void theConsoleGetsOneLinePerWarningAndTheFileUnderHomeLogsGetsEverythingWithStackTraces() throws Exception {
        Path log = Logging.configure(home.resolve("logs"), false, new PrintStream(console, true, StandardCharsets.UTF_8));
        assertEquals(home.resolve("logs/secureta.0.log").toAbsolutePath(), log);

        Logger.getLogger("org.bouncycastle.jsse.provider.PropertyUtils").info("Found string security property [jdk.tls.disabledAlgorithms]");
        Logger.getLogger(Logging.JAIN_SIP_LOGGER).log(Level.WARNING, "Error is  java.io.IOException: Could not connect to /127.0.0.1:5061",
                new NullPointerException("Cannot invoke \"String.compareToIgnoreCase(String)\" because \"transport\" is null"));
        Logger.getLogger("org.secureta.test").log(Level.WARNING, "the certificate of 127.0.0.1:5061 expired",
                new java.security.cert.CertificateExpiredException("NotAfter: Mon Dec 01 00:00:00 UTC 2025"));

        String shown = console();
        assertEquals(1, shown.lines().count(), "one line, no stack trace:\n" + shown);
        assertTrue(shown.startsWith("ta: WARNING org.secureta.test: the certificate of 127.0.0.1:5061 expired"
                + " (CertificateExpiredException: NotAfter: Mon Dec 01 00:00:00 UTC 2025)"), shown);
        assertFalse(shown.contains("Found string security property"), shown);
        assertFalse(shown.contains("NullPointerException"), shown);

        String kept = file(log);
        assertTrue(kept.contains("INFO [") && kept.contains("Found string security property"), kept);
        assertTrue(kept.contains("Could not connect") && kept.contains("java.lang.NullPointerException"), kept);
        assertTrue(kept.contains("\tat org.secureta.launcher.LoggingTest"), "the file keeps stack traces:\n" + kept);
    }

    @Test
    void thePlatformsWarningsStayInTheFileItsErrorsReachTheConsole() throws Exception {
        Path log = Logging.configure(home.resolve("logs"), false, new PrintStream(console, true, StandardCharsets.UTF_8));
        Logger.getLogger("osgi.org.apache.felix.eventadmin").warning("EventAdmin: Event Task Processing Interrupted.");
        Logger.getLogger("osgi.org.apache.felix.scr").severe("[org.secureta.provisioning.internal.TaCommands] The activate method has thrown an exception");
        String shown = console();
        assertFalse(shown.contains("Interrupted"), shown);
        assertTrue(shown.contains("ta: SEVERE osgi.org.apache.felix.scr: [org.secureta.provisioning.internal.TaCommands]"), shown);
        assertTrue(file(log).contains("Event Task Processing Interrupted"));
    }

    @Test
    void libjitsisHeadlessComplaintsStayInTheFileItsOtherErrorsReachTheConsole() throws Exception {
        Path log = Logging.configure(home.resolve("logs"), false, new PrintStream(console, true, StandardCharsets.UTF_8));
        Logger.getLogger("org.jitsi.impl.neomedia.device.DeviceConfiguration").log(Level.SEVERE,
                "Failed to register custom Renderer org.jitsi.impl.neomedia.jmfext.media.renderer.audio.PulseAudioRenderer with JMF.",
                new IllegalStateException("audioSystem"));
        Logger.getLogger("org.jitsi.impl.neomedia.device.MediaDeviceSession").warning("javax.media.ControllerErrorEvent[...]");
        Logger.getLogger("org.jitsi.impl.neomedia.MediaStreamImpl").severe("Failed to start stream");
        String shown = console();
        assertFalse(shown.contains("PulseAudioRenderer"), "PulseAudio is off on purpose (headless):\n" + shown);
        assertFalse(shown.contains("ControllerErrorEvent"), shown);
        assertTrue(shown.contains("ta: SEVERE org.jitsi.impl.neomedia.MediaStreamImpl: Failed to start stream"), shown);
        String kept = file(log);
        assertTrue(kept.contains("PulseAudioRenderer") && kept.contains("ControllerErrorEvent"), kept);
    }

    @Test
    void debugShowsDetailOnTheConsoleAndInTheFile() throws Exception {
        Path log = Logging.configure(home.resolve("logs"), true, new PrintStream(console, true, StandardCharsets.UTF_8));
        Logger.getLogger(Logging.JAIN_SIP_LOGGER).fine("<message from=\"127.0.0.1:5061\">");
        Logger.getLogger("org.secureta.test").log(Level.WARNING, "link down", new java.io.IOException("reset"));
        String shown = console();
        assertTrue(shown.contains("ta: FINE " + Logging.JAIN_SIP_LOGGER), shown);
        assertTrue(shown.contains("java.io.IOException: reset") && shown.contains("\tat "), "with stack traces:\n" + shown);
        assertTrue(file(log).contains("FINE"), "the file too");
    }
}
