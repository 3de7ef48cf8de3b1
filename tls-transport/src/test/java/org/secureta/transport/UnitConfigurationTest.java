package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.secureta.transport.testsupport.UnitEvents.registration;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.secureta.transport.internal.SipUnit;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/** Configuration that cannot work is refused with the variable named, never half-applied. */
class UnitConfigurationTest {

    @Test
    void aFailbackIntervalOutsideTheUnitsRangeIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Units.udp().with("failbackInterval", 2).gateway("gw", "127.0.0.1:5999").start(new UnitEvents()));

        assertEquals("failbackInterval 2 out of range 5..3600 seconds", error.getMessage());
    }

    @Test
    void aPortIntervalMustBeZeroOrWithinTheUnitsRange() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Units.udp().with("persistentPortInterval", 50).gateway("gw", "127.0.0.1:5999").start(new UnitEvents()));

        assertEquals("persistentPortInterval 50 invalid: 0, or 100..1000", error.getMessage());
    }

    @Test
    void registrationRetryTimesOutsideTheirRangesAreRefused() {
        IllegalArgumentException retry = assertThrows(IllegalArgumentException.class,
                () -> Units.udp().with("registrationRetryTime", 0).gateway("gw", "127.0.0.1:5999").start(new UnitEvents()));
        assertEquals("registrationRetryTime 0 out of range 1..3600 seconds", retry.getMessage());

        IllegalArgumentException cap = assertThrows(IllegalArgumentException.class,
                () -> Units.udp().with("registrationRetryMaxTime", 90000).gateway("gw", "127.0.0.1:5999").start(new UnitEvents()));
        assertEquals("registrationRetryMaxTime 90000 out of range 1..86400 seconds", cap.getMessage());
    }

    @Test
    void tlsWithoutCertificatesIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Units.tls(null).gateway("gw", "127.0.0.1:5999").start(new UnitEvents()));

        assertEquals("transport TLS needs certificates (TlsCredentials): none supplied", error.getMessage());
    }

    @Test
    void aBadServerAddressNamesTheGatewayAndTheField() throws Exception {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Units.tls(TestCa.create("ca").credentials(null)).gateway("gw", "127.0.0.1:99999").start(new UnitEvents()));

        assertEquals("gateway gw proxyHost '127.0.0.1:99999': port 99999 out of range 0..65535", error.getMessage());
    }

    @Test
    void aLineOnAnUnknownGatewayIsInConfigError() throws Exception {
        UnitEvents events = new UnitEvents();
        try (SipUnit unit = Units.tls(TestCa.create("ca").credentials(null)).with("persistentBasePort", FreePorts.persistentBase())
                .gateway("gw", "127.0.0.1:" + FreePorts.tcpAndUdp()).line("7", "107", "pw", "nowhere").start(events)) {
            UnitEvent error = events.await(registration("7", "ConfigError"), Duration.ofSeconds(2));

            assertEquals("unknown gateway 'nowhere'; configured: [gw]", error.get("reason"));
        }
    }
}
