package org.secureta.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.secureta.transport.CipherSuiteGroup;
import org.secureta.transport.LineConfiguration;
import org.secureta.transport.TransportConfiguration;

class ConfigProxiesTest {

    @Test
    void missingAttributesTakeTheirDefaultsAndStringsAreConverted() {
        TransportConfiguration config = ConfigProxies.of(TransportConfiguration.class,
                Map.of("cipherSuite", "CS3", "failbackInterval", "30", "allowLegacyTls", "true"));

        assertEquals(CipherSuiteGroup.CS3, config.cipherSuite());
        assertEquals(30, config.failbackInterval());
        assertTrue(config.allowLegacyTls());
        assertEquals(16000, config.persistentBasePort());
    }

    @Test
    void aBadValueNamesTheAttributeAndTheAllowedValues() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ConfigProxies.of(TransportConfiguration.class, Map.of("cipherSuite", "CS9")).cipherSuite());

        assertEquals("TransportConfiguration.cipherSuite: invalid value 'CS9' (allowed values [CS1, CS2, CS3])", error.getMessage());
    }

    @Test
    void thePasswordIsReadFromItsPrivatePropertyAndNeverPrinted() {
        LineConfiguration line = ConfigProxies.of(LineConfiguration.class,
                Map.of("endpointId", "1", "username", "100", "gatewayName", "gw", ".authPassword", "s3cret"));

        assertEquals("s3cret", line._authPassword());
        assertFalse(line.toString().contains("s3cret"));
    }

    @Test
    void aRequiredAttributeWithoutValueIsNamed() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ConfigProxies.of(LineConfiguration.class, Map.of()).username());

        assertEquals("LineConfiguration.username is required but not set", error.getMessage());
    }
}
