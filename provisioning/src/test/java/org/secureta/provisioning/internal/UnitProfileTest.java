package org.secureta.provisioning.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secureta.provisioning.profile.ProfileException;

class UnitProfileTest {

    @TempDir
    Path dir;

    private final List<List<ConfigurationRecord>> applied = new ArrayList<>();

    private UnitProfile start(String profileText) throws Exception {
        Path profile = dir.resolve("unit.profile");
        Files.writeString(profile, profileText);
        return UnitProfile.start(dir.resolve("home"), profile, applied::add);
    }

    private Map<String, Object> lastApplied(String pid) {
        return applied.get(applied.size() - 1).stream().filter(r -> r.effectivePid().equals(pid))
                .findFirst().orElseThrow().properties();
    }

    @Test
    void startingPreparesTheHomeFolderAndAppliesTheProfile() throws Exception {
        start("SipEp.TransportConfig[gw].TlsEnable=Enable");
        for (String sub : List.of("certs/other", "certs/host", "logs", "keylog")) {
            assertTrue(Files.isDirectory(dir.resolve("home").resolve(sub)), sub);
        }
        assertEquals(1, applied.size());
        assertEquals("TLS", lastApplied("org.secureta.transport").get("transport"));
    }

    @Test
    void theSavedProfileIsReadableByTheOwnerOnlySinceItHoldsPasswords() throws Exception {
        start("SipEp.UserAgent[Port1].Username=100\nSipEp.Authentication[Port1].Password=pw");
        Path saved = dir.resolve("home/running.profile");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)));
        assertTrue(Files.readString(saved).contains("SipEp.Authentication[Port1].Password=pw"));
    }

    @Test
    void theHomeAndItsFoldersAreOwnerOnlySinceTheyHoldKeysAndTheKeyLog() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        start("SipEp.TransportConfig[gw].TlsEnable=Enable");
        for (String sub : List.of("", "certs", "certs/other", "certs/host", "logs", "keylog", "web")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(sub))), "HOME/" + sub);
        }
    }

    @Test
    void showingAVariableMasksThePasswordAndThePreSharedKeyUnlessRevealed() throws Exception {
        UnitProfile unit = start("SipEp.UserAgent[Port1].Username=100\nSipEp.Authentication[Port1].Password=s3cret-pw\n"
                + "SecureTA.MikeyPreSharedKey=00112233445566778899aabbccddeeff\n");
        assertEquals("SipEp.Authentication[Port1].Password=********", unit.show("SipEp.Authentication[Port1].Password", false));
        assertEquals("SecureTA.MikeyPreSharedKey=********", unit.show("SecureTA.MikeyPreSharedKey", false));
        assertEquals("SipEp.Authentication[Port1].Password=s3cret-pw", unit.show("SipEp.Authentication[Port1].Password", true));
        assertEquals("SecureTA.MikeyPreSharedKey=00112233445566778899aabbccddeeff", unit.show("SecureTA.MikeyPreSharedKey", true));
        assertEquals("SipEp.UserAgent[Port1].Username=100", unit.show("SipEp.UserAgent[Port1].Username", false), "not a secret");
        assertEquals("SecureTA.WebAdminPassword=", unit.show("SecureTA.WebAdminPassword", false), "nothing set, nothing to hide");
        assertThrows(IllegalArgumentException.class, () -> unit.show("SipEp.NoSuchThing", false));
    }

    @Test
    void aChangeThatNeedsARestartWaitsForRestartRequiredServices() throws Exception {
        UnitProfile unit = start("SipEp.TransportConfig[gw].TlsEnable=Enable");
        UnitProfile.Change change = unit.set("SipEp.TransportFailbackInterval", "60", "ta:set");
        assertFalse(change.applied());
        assertEquals(Set.of("SipEp"), change.pendingServices());
        assertEquals(15, lastApplied("org.secureta.transport").get("failbackInterval"), "not applied yet");
        assertEquals("60", unit.get("SipEp.TransportFailbackInterval"), "but configured");
        assertTrue(Files.readString(dir.resolve("home/running.profile")).contains("SipEp.TransportFailbackInterval=60"));

        assertEquals(Set.of("SipEp"), unit.restartRequiredServices());
        assertEquals(60, lastApplied("org.secureta.transport").get("failbackInterval"));
        assertTrue(unit.pendingServices().isEmpty());
    }

    @Test
    void settingTheValueTheUnitRunsWithWaitsForNoRestart() throws Exception {
        UnitProfile unit = start("SipEp.TransportConfig[gw].TlsEnable=Enable\nSipEp.TransportFailbackInterval=60");
        UnitProfile.Change change = unit.set("SipEp.TransportFailbackInterval", "60", "ta:set");
        assertTrue(change.applied(), "nothing to restart for a value already running");
        assertTrue(change.pendingServices().isEmpty());
    }

    @Test
    void aChangeThatNeedsNoRestartAppliesAtOnceAndLeavesPendingOnesPending() throws Exception {
        UnitProfile unit = start("");
        unit.set("SipEp.TransportFailbackInterval", "60", "ta:set");
        UnitProfile.Change change = unit.set("Mipt.DefaultSecurityRtpMode", "Secure", "ta:set");
        assertTrue(change.applied());
        assertEquals("Secure", lastApplied("org.secureta.srtp").get("rtpMode"));
        assertEquals(15, lastApplied("org.secureta.transport").get("failbackInterval"), "the SipEp change still waits");
        assertEquals(Set.of("SipEp"), unit.pendingServices());
    }

    @Test
    void anUploadedCertificateWaitsForRestartRequiredServicesWhichRestartsTheTlsTransport() throws Exception {
        UnitProfile unit = start("SipEp.TransportConfig[gw].TlsEnable=Enable");
        java.util.concurrent.atomic.AtomicReference<String> installed = new java.util.concurrent.atomic.AtomicReference<>("one CA");
        unit.watchCertificates(installed::get);
        Object startedWith = lastApplied("org.secureta.transport").get("certificatesGeneration");
        assertTrue(unit.pendingServices().isEmpty());

        installed.set("one CA and the proxy's new CA");
        assertEquals(Set.of("SipEp"), unit.pendingServices(), "the transport reads the store only when it starts");
        unit.set("Mipt.DefaultSecurityRtpMode", "Secure", "ta:set");
        assertEquals(startedWith, lastApplied("org.secureta.transport").get("certificatesGeneration"),
                "a change applied at once does not restart the transport with the new certificate");

        assertEquals(Set.of("SipEp"), unit.restartRequiredServices());
        assertTrue(!startedWith.equals(lastApplied("org.secureta.transport").get("certificatesGeneration")),
                "a new transport configuration, so that the component restarts and reads the store");
        assertTrue(unit.pendingServices().isEmpty());
        int before = applied.size();
        unit.restartRequiredServices();
        assertEquals(lastApplied("org.secureta.transport"), applied.get(before - 1).stream()
                .filter(r -> r.effectivePid().equals("org.secureta.transport")).findFirst().orElseThrow().properties(),
                "nothing changed since: the transport keeps running");
    }

    @Test
    void aRefusedChangeChangesNothing() throws Exception {
        UnitProfile unit = start("SipEp.TransportConfig[gw].TlsEnable=Enable");
        int before = applied.size();
        ProfileException e = assertThrows(ProfileException.class,
                () -> unit.set("SipEp.TransportConfig[gw].UdpEnable", "Enable", "ta:set"));
        assertTrue(e.getMessage().contains("TLS is exclusive with UDP and TCP"), e.getMessage());
        assertEquals(before, applied.size());
        assertEquals("Disable", unit.get("SipEp.TransportConfig[gw].UdpEnable"), "unchanged: UDP is off on a TLS row");
        assertFalse(unit.configured().isExplicit(org.secureta.provisioning.profile.VariableAddress.parse("SipEp.TransportConfig[gw].UdpEnable")));
    }

    @Test
    void aUnitStartedFromItsHomeAloneResumesItsSavedProfile() throws Exception {
        UnitProfile first = start("SipEp.TransportConfig[gw].TlsEnable=Enable");
        first.set("SipEp.TransportFailbackInterval", "45", "ta:set");
        UnitProfile resumed = UnitProfile.start(dir.resolve("home"), null, applied::add);
        assertEquals("45", resumed.get("SipEp.TransportFailbackInterval"));
        assertEquals(45, lastApplied("org.secureta.transport").get("failbackInterval"), "a restart applies everything");
    }

    @Test
    void aBadProfileFileIsRefusedAndNothingIsApplied() throws Exception {
        assertThrows(ProfileException.class, () -> start("SipEp.TransportTlsVersion=TLSv3"));
        assertTrue(applied.isEmpty());
    }
}
