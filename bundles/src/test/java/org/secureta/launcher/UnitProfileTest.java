package org.secureta.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitProfileTest {

    @Test
    void aLaterValueReplacesAnEarlierOneAndTheOriginalIsUnchanged() {
        UnitProfile tls = UnitProfile.tlsLine("100", "pw", "127.0.0.1:5999", 17000);
        UnitProfile udp = tls.with("SipEp.TransportConfig[Lab].TlsEnable", "Disable");
        assertEquals("Enable", tls.get("SipEp.TransportConfig[Lab].TlsEnable"));
        assertEquals("Disable", udp.get("SipEp.TransportConfig[Lab].TlsEnable"));
        assertEquals(1, udp.text().lines().filter(l -> l.startsWith("SipEp.TransportConfig[Lab].TlsEnable=")).count());
    }

    @Test
    void aLabLineGetsItsClockFromAnSntpServerAndNeverFromTheLabOverride() {
        UnitProfile line = UnitProfile.tlsLine("100", "pw", "127.0.0.1:5999", 17000);
        assertEquals("", line.get("SecureTA.LabAllowUnsynchronisedClock"));
        UnitProfile synced = line.with("SecureTA.LabAllowUnsynchronisedClock", "Enable").withSntpServer("127.0.0.1:40123");
        assertEquals("Static", synced.get("Hoc.SntpConfigSource"));
        assertEquals("127.0.0.1:40123", synced.get("Hoc.StaticSntpServers[1].HostName"));
        assertFalse(synced.text().contains("LabAllowUnsynchronisedClock"), synced.text());
    }

    @Test
    void theProxyProfileHoldsEveryUnitsLineUnderARowNamedAfterTheUnit() {
        Map<String, UnitProfile> units = new LinkedHashMap<>();
        units.put("unit1", UnitProfile.tlsLine("100", "pw-100", "127.0.0.1:5999", 17000));
        units.put("unit2", UnitProfile.tlsLine("101", "pw-101", "127.0.0.1:5999", 17001));
        String proxy = UnitProfile.proxyProfile(units).text();
        assertTrue(proxy.contains("SipEp.UserAgent[unit1].Username=100\n"), proxy);
        assertTrue(proxy.contains("SipEp.Authentication[unit1].Password=pw-100\n"), proxy);
        assertTrue(proxy.contains("SipEp.UserAgent[unit2].Username=101\n"), proxy);
        assertTrue(proxy.contains("SipEp.Authentication[unit2].Password=pw-101\n"), proxy);
        assertTrue(proxy.contains("SipEp.GwSpecificRegistration[Lab].ServerHost=127.0.0.1:5999\n"), proxy);
        assertFalse(proxy.contains("[Port1]"), proxy);
    }

    @Test
    void passwordsAndKeysAreMaskedWhenAProfileIsShown() {
        UnitProfile p = UnitProfile.tlsLine("100", "secret-100", "127.0.0.1:5999", 17000)
                .with("SecureTA.MikeyPreSharedKey", "00112233445566778899aabbccddeeff");
        assertFalse(p.toString().contains("secret-100"), p.toString());
        assertFalse(p.toString().contains("00112233445566778899aabbccddeeff"), p.toString());
        assertTrue(p.text().contains("secret-100"), "the file the unit reads holds it");
    }

    @Test
    void aBackToBackUnitServesTlsAndPointsItsGatewayAtThePeerWithoutRegistering() {
        UnitProfile a = UnitProfile.backToBack("ta-a", "100", 17010, 17011, "127.0.0.1:17012", "127.0.0.1:40123", "Mikey",
                "00112233445566778899aabbccddeeff");
        assertEquals("100", a.user());
        assertEquals("Peer", a.gateway());
        assertEquals(17010, a.securePort());
        assertEquals("127.0.0.1:17012", a.get("SipEp.GwSpecificRegistration[Peer].ServerHost"));
        assertEquals("Disable", a.get("SipEp.UserAgent[Port1].Register"));
        assertEquals("Disable", a.get("SipEp.TransportConfig[Peer].UdpEnable"));
        assertEquals("Mikey", a.get("Mipt.DefaultSecurityKeyManagement"));
        assertEquals("127.0.0.1:40123", a.get("Hoc.StaticSntpServers[1].HostName"));
        assertFalse(a.toString().contains("00112233445566778899aabbccddeeff"), a.toString());
        assertEquals(0, UnitProfile.tlsLine("100", "pw", "127.0.0.1:5999", 17000).securePort(), "a lab line serves no TLS");
    }

    @Test
    void theProfileFileIsOwnerOnlyAndHoldsTheVariables(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        UnitProfile p = UnitProfile.tlsLine("100", "secret-100", "127.0.0.1:5999", 17000);
        java.nio.file.Path file = p.write(dir.resolve("units/unit1.profile"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file)));
        assertEquals(p.text(), java.nio.file.Files.readString(file));
        try (var left = java.nio.file.Files.list(file.getParent())) {
            assertEquals(1, left.count(), "no temporary file left beside it");
        }
    }
}
