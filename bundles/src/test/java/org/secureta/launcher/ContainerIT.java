package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boots the real Felix distribution in this JVM. */
class ContainerIT {

    static final Path DIST = Path.of(System.getProperty("secureta.dist", "target/secureta"));

    @TempDir
    Path dir;

    private Container start(String profileText) throws Exception {
        Path profile = dir.resolve("unit.profile");
        // No SNTP server here: the transport starts only on the lab override of the unit clock.
        Files.writeString(profile, "SecureTA.LabAllowUnsynchronisedClock=Enable\n" + profileText);
        return Container.start(new LaunchOptions(DIST, dir.resolve("home"), Optional.of(profile), false, false));
    }

    private static void awaitStatus(Container c, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = c.command("status");
            if (status.contains(expected)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + expected + "' in ta:status:\n" + status);
    }

    @Test
    void everyBundleOfTheDistributionIsActive() throws Exception {
        try (Container c = start("")) {
            assertEquals(List.of(), c.startFailures());
            assertTrue(c.awaitReady(Duration.ofSeconds(20)), () -> "not ready: " + c.bundlesNotUp() + " services: " + c.services());
            // libjitsi's bundles start once the unit is ready (issue 19): every bundle is active after that.
            assertTrue(c.awaitDeferredStart(Duration.ofSeconds(60)), () -> "not all up: " + c.bundlesNotUp() + " " + c.startFailures());
            assertEquals(List.of(), c.bundlesNotUp());
            assertTrue(c.bundleCount() >= 15, "framework, Felix services, libraries and our four bundles");
        }
    }

    @Test
    void libjitsisBundlesWaitForTheUnitToSettleAndThenStartOnTheirOwn() throws Exception {
        // No line to register: nothing settles the unit, so libjitsi starts after Container.SETTLE_AT_MOST.
        try (Container c = start("")) {
            assertTrue(c.awaitReady(Duration.ofSeconds(20)), () -> "not ready: " + c.bundlesNotUp());
            assertFalse(c.isActive("org.jitsi.libjitsi"), "libjitsi started before the unit settled");
            assertTrue(c.awaitDeferredStartOnItsOwn(Duration.ofSeconds(60)), () -> "not all up: " + c.bundlesNotUp() + " " + c.startFailures());
            assertTrue(c.isActive("org.jitsi.libjitsi"));
        }
    }

    @Test
    void theProfileReachesTheDataPlaneComponentsAsTypedConfiguration() throws Exception {
        try (Container c = start("""
                SipEp.TransportConfig[gw].TlsEnable=Enable
                SipEp.TransportPersistentBasePort=16123
                SipEp.InteropTlsCertificateValidation=TrustedCertificate
                Mipt.DefaultSecurityRtpMode=Secure
                Mipt.DefaultSecurityKeyManagement=Sdes
                """)) {
            assertTrue(c.awaitReady(Duration.ofSeconds(60)));
            awaitStatus(c, "TRANSPORT transport=TLS state=Started address=127.0.0.1 port=16123");
            awaitStatus(c, "validation=TrustedCertificate");
            awaitStatus(c, "MEDIA agent=srtp-ta state=Configured rtpMode=Secure keyManagement=Sdes");
        }
    }

    @Test
    void aRestartRequiredChangeReachesTheTransportOnlyAfterRestart() throws Exception {
        try (Container c = start("SipEp.TransportConfig[gw].TlsEnable=Enable")) {
            assertTrue(c.awaitReady(Duration.ofSeconds(60)));
            awaitStatus(c, "failbackInterval=15");
            assertTrue(c.command("set", "SipEp.TransportFailbackInterval", "99").contains("restart required for SipEp"));
            Thread.sleep(300);
            String before = c.command("status");
            assertTrue(before.contains("failbackInterval=15") && !before.contains("failbackInterval=99"), before);
            assertTrue(before.startsWith("restart required: SipEp"), before);
            assertEquals("restarted SipEp", c.command("restart"));
            awaitStatus(c, "failbackInterval=99");
            assertEquals("SipEp.TransportFailbackInterval=99", c.command("get", "SipEp.TransportFailbackInterval"));
        }
    }

    @Test
    void aChangeThatNeedsNoRestartIsAppliedAtOnce() throws Exception {
        try (Container c = start("")) {
            assertTrue(c.awaitReady(Duration.ofSeconds(60)));
            awaitStatus(c, "rtpMode=Unsecure");
            assertEquals("Mipt.DefaultSecurityRtpMode applied", c.command("set", "Mipt.DefaultSecurityRtpMode", "SecureWithFallback"));
            awaitStatus(c, "rtpMode=SecureWithFallback");
        }
    }

    @Test
    void setRefusesABadValueWithTheAllowedValuesAndKeepsTheOldOne() throws Exception {
        try (Container c = start("")) {
            assertTrue(c.awaitReady(Duration.ofSeconds(60)));
            assertEquals("refused: ta:set: Mipt.DefaultSecurityKeyManagement: 'Zrtp' is not a registered key management (registered: Mikey, Sdes)",
                    c.command("set", "Mipt.DefaultSecurityKeyManagement", "Zrtp"));
            assertEquals("Mipt.DefaultSecurityKeyManagement=Mikey", c.command("get", "Mipt.DefaultSecurityKeyManagement"));
        }
    }

    @Test
    void theProfileCommandShowsTheConfigurationWithSecretsMasked() throws Exception {
        try (Container c = start("""
                SipEp.UserAgent[Port1].Username=100
                SipEp.Authentication[Port1].Password=topsecret
                """)) {
            assertTrue(c.awaitReady(Duration.ofSeconds(60)));
            String shown = c.command("profile");
            assertTrue(shown.contains("SipEp.UserAgent[Port1].Username=100"), shown);
            assertTrue(shown.contains("SipEp.Authentication[Port1].Password=********"), shown);
            assertTrue(!shown.contains("topsecret"), shown);
            assertTrue(c.command("profile", "all").contains("SipEp.TransportPersistentBasePort=16000"));
        }
    }
}
