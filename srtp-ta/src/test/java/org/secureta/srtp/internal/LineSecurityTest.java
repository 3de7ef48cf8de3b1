package org.secureta.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.secureta.srtp.RtpEncryption;
import org.secureta.srtp.RtpMode;

/** Reading a Mipt.EpSpecificSecurity row as provisioning writes it (factory PID org.secureta.srtp.line). */
class LineSecurityTest {

    @Test
    void aRowAsProvisioningWritesItBecomesTheLinesSecurity() {
        LineSecurity security = LineSecurity.fromProperties(Map.of("endpointId", "Port2", "rtpMode", "SecureWithFallback",
                "keyManagement", "Sdes", "rtpEncryption", "Null"));
        assertEquals(new LineSecurity(RtpMode.SecureWithFallback, "Sdes", RtpEncryption.Null, "line Port2"), security);
    }

    @Test
    void missingAttributesTakeTheDefaultsOfTheConfigurationClass() {
        assertEquals(new LineSecurity(RtpMode.Unsecure, "Mikey", RtpEncryption.AesCm128, "line 3"),
                LineSecurity.fromProperties(Map.of("endpointId", "3")));
    }

    @Test
    void anUnknownValueIsAnErrorNamingTheLineTheAttributeAndTheAllowedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LineSecurity.fromProperties(
                Map.of("endpointId", "1", "rtpEncryption", "AES256")));
        assertEquals("line security override of endpoint '1' (org.secureta.srtp.line): rtpEncryption 'AES256' is not one of "
                + "[Null, AesCm128]", e.getMessage());
    }

    @Test
    void anEmptyKeyManagementIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LineSecurity.fromProperties(
                Map.of("endpointId", "1", "keyManagement", " ")));
        assertEquals("line security override of endpoint '1' (org.secureta.srtp.line): keyManagement must name a key management "
                + "(Mikey, Sdes, ...), it is empty", e.getMessage());
    }
}
