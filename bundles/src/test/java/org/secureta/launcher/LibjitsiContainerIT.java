package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;

/**
 * libjitsi in the real distribution: every bundle up, headless, our keying controls obtainable as
 * prototype services and keying each other through the container's own MIKEY and SDES services.
 */
class LibjitsiContainerIT {

    static final Path DIST = Path.of(System.getProperty("secureta.dist", "target/secureta"));

    @TempDir
    Path dir;

    @Test
    void libjitsiRunsHeadlessAndOffersTheUnitsKeyingAsSrtpControls() throws Exception {
        Path profile = dir.resolve("unit.profile");
        Files.writeString(profile, "SecureTA.LabAllowUnsynchronisedClock=Enable\n");
        try (Container c = Container.start(new LaunchOptions(DIST, dir.resolve("home"), Optional.of(profile), false, false))) {
            assertTrue(c.awaitReady(Duration.ofSeconds(60)), () -> "not ready: " + c.bundlesNotUp() + " " + c.startFailures());
            // A native-media unit starts libjitsi's bundles once it is ready, not before (issue 19).
            assertTrue(c.awaitDeferredStart(Duration.ofSeconds(60)), () -> "libjitsi not up: " + c.bundlesNotUp() + " " + c.startFailures());
            assertEquals(List.of(), c.startFailures());
            assertEquals(List.of(), c.bundlesNotUp());
            BundleContext context = c.framework().getBundleContext();
            Bundle libjitsi = bundle(context, "org.jitsi.libjitsi");
            assertEquals(Bundle.ACTIVE, libjitsi.getState());
            assertEquals(Bundle.RESOLVED, bundle(context, "org.secureta.libjitsi-exports").getState());
            // One provider of gov.nist.*: JAIN-SIP-RI inside tls-transport; libjitsi's ossonly copy is not installed.
            assertTrue(Arrays.stream(context.getBundles()).noneMatch(b -> String.valueOf(b.getSymbolicName()).contains("jain-sip-ri")));

            // Headless: libjitsi's MediaService comes up with the native audio systems off, and the JVM lives on.
            Object mediaService = libjitsi.loadClass("org.jitsi.service.libjitsi.LibJitsi").getMethod("getMediaService").invoke(null);
            assertNotNull(mediaService, "LibJitsi.getMediaService()");

            for (String method : List.of("Mikey", "Sdes")) {
                ServiceReference<?>[] refs = context.getAllServiceReferences("org.jitsi.service.neomedia.SrtpControl", "(keymgmt.name=" + method + ")");
                assertNotNull(refs, "no SrtpControl service for " + method + "; services: " + c.services());
                assertEquals(1, refs.length);
                ServiceObjects<?> controls = context.getServiceObjects(refs[0]);
                Object first = controls.getService();
                Object second = controls.getService();
                assertNotSame(first, second, "prototype scope: one control per stream");
                assertEquals(method, first.getClass().getMethod("keyManagementName").invoke(first));
                // The two controls key each other through the container's KeyManagement service (signalling over TLS).
                keyEachOther(first, second);
                controls.ungetService(uncheckedCast(first));
                controls.ungetService(uncheckedCast(second));
            }
        }
    }

    /** offer, answer, acceptAnswer between two controls (reflection: their classes are the container's). */
    private static void keyEachOther(Object offerer, Object answerer) throws ReflectiveOperationException {
        for (Object control : List.of(offerer, answerer)) {
            control.getClass().getMethod("setSignallingSecure", boolean.class).invoke(control, true);
            assertEquals(false, control.getClass().getMethod("getSecureCommunicationStatus").invoke(control));
        }
        Object offer = offerer.getClass().getMethod("offer").invoke(offerer);
        Class<?> sdpKeying = offer.getClass();
        Object answer = answerer.getClass().getMethod("answer", sdpKeying).invoke(answerer, offer);
        offerer.getClass().getMethod("acceptAnswer", sdpKeying).invoke(offerer, answer);
        for (Object control : List.of(offerer, answerer)) {
            assertEquals(true, control.getClass().getMethod("getSecureCommunicationStatus").invoke(control), control::toString);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T uncheckedCast(Object o) {
        return (T) o;
    }

    private static Bundle bundle(BundleContext context, String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(symbolicName + " is not installed"));
    }
}
