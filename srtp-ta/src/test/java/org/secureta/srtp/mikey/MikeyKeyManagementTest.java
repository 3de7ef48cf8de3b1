package org.secureta.srtp.mikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.srtp.keymgmt.SdpKeying;

/** The service the call agent finds by name, and its configuration. */
class MikeyKeyManagementTest {

    private final MikeyKeyManagement mikey = new MikeyKeyManagement(Map.of());

    @Test
    void isNamedAsTheUnitsKeyManagementSetting() {
        assertEquals("Mikey", mikey.name());
    }

    @Test
    void isRegisteredAsAKeyManagementServiceWithItsNameProperty() throws Exception {
        Path descriptor = Path.of("target/classes/OSGI-INF/org.secureta.srtp.mikey.MikeyKeyManagement.xml");

        String xml = Files.readString(descriptor);

        assertTrue(xml.contains("<provide interface=\"" + KeyManagement.class.getName() + "\"/>"), xml);
        assertTrue(xml.contains("<property name=\"" + KeyManagement.NAME_PROPERTY + "\" type=\"String\" value=\"Mikey\"/>"), xml);
    }

    @Test
    void recognisesKeyMgmtMikeyAtSessionLevelWhateverTheCaseOfTheProtocolId() {
        assertTrue(mikey.isPresent(new SdpKeying(List.of("key-mgmt:mikey AQAFAP=="), List.of(List.of()))));
        assertTrue(mikey.isPresent(new SdpKeying(List.of("recvonly", "key-mgmt:MIKEY AQAFAP=="), List.of(List.of()))));
        assertTrue(mikey.isPresent(new SdpKeying(List.of(), List.of(List.of("key-mgmt:mikey AQAFAP==")))),
                "media-level MIKEY is still MIKEY for mismatch detection");
    }

    @Test
    void doesNotMistakeSdesOrAnotherKeyManagementProtocolForMikey() {
        assertFalse(mikey.isPresent(new SdpKeying(List.of(), List.of(List.of("crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc")))));
        assertFalse(mikey.isPresent(new SdpKeying(List.of("key-mgmt:mikeyx AQ=="), List.of(List.of()))));
        assertFalse(mikey.isPresent(new SdpKeying(List.of("key-mgmt:kerberos AQ=="), List.of(List.of()))));
        assertFalse(mikey.isPresent(SdpKeying.empty(2)));
    }

    @Test
    void clockSkewDefaultsToFiveMinutesAndIsConfigurableInSeconds() {
        assertEquals(Duration.ofMinutes(5), MikeyKeyManagement.clockSkew(Map.of()));
        assertEquals(Duration.ofSeconds(30), MikeyKeyManagement.clockSkew(Map.of(MikeyKeyManagement.CLOCK_SKEW_PROPERTY, 30)));
        assertEquals(Duration.ofSeconds(600), MikeyKeyManagement.clockSkew(Map.of(MikeyKeyManagement.CLOCK_SKEW_PROPERTY, " 600 ")));
    }

    @Test
    void anUnusableClockSkewIsRefusedNamingTheProperty() {
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> MikeyKeyManagement.clockSkew(Map.of(MikeyKeyManagement.CLOCK_SKEW_PROPERTY, "five minutes")));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> MikeyKeyManagement.clockSkew(Map.of(MikeyKeyManagement.CLOCK_SKEW_PROPERTY, 0)));

        assertTrue(text.getMessage().startsWith("mikey.clockSkewSeconds must be a whole number of seconds"), text.getMessage());
        assertTrue(zero.getMessage().equals("mikey.clockSkewSeconds must be 1 to 86400 seconds, not 0"), zero.getMessage());
    }
}
