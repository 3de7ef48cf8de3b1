package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secureta.transport.testsupport.UnitEvents.link;
import static org.secureta.transport.testsupport.UnitEvents.registration;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * The guide's section 3.2: one side speaks TLS, the other plain UDP. REGISTER goes unanswered;
 * the unit says so instead of waiting silently.
 */
class TransportMismatchTest {

    private static TestCa ca;

    @BeforeAll
    static void needsKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA test CA");
    }

    @Test
    void aTlsUnitFacingAUdpOnlyProxyReportsItUnreachableWithTheReason() throws Exception {
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().udpOnly())) {
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = Units.tls(ca.credentials(null)).with("persistentBasePort", FreePorts.persistentBase())
                    .gateway("gw", kamailio.hostPort()).line("1", "100", "secret", "gw").start(events)) {
                UnitEvent down = events.await(link("gw", "Down"), Duration.ofSeconds(10));
                UnitEvent unreachable = events.await(registration("1", "Unreachable"), Duration.ofSeconds(10));

                assertEquals("connection refused by 127.0.0.1:" + kamailio.port(), down.get("reason"));
                assertTrue(unreachable.get("reason").contains("connection refused by 127.0.0.1:" + kamailio.port()), unreachable.get("reason"));
                assertEquals(RegistrationState.Unreachable, unit.registrations().get(0).state());
            }
        }
    }

    @Test
    void aUdpUnitRegistersWithAUdpProxy() throws Exception {
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().udpOnly().user("100", "secret"))) {
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = Units.udp().gateway("gw", kamailio.hostPort()).line("1", "100", "secret", "gw").start(events)) {
                events.await(registration("1", "Registered"), Duration.ofSeconds(10));

                assertEquals(List.of("sip:100@127.0.0.1:" + unit.localPort()), kamailio.bindings("100"));
                assertEquals(List.of(), unit.links(), "no persistent TLS links without TLS");
            }
        }
    }

    @Test
    void aUdpUnitFacingATlsOnlyProxyReportsItUnreachableAfterTheTransactionTimeout() throws Exception {
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().user("100", "secret"))) {
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = Units.udp().gateway("gw", kamailio.hostPort()).line("1", "100", "secret", "gw").start(events)) {
                // RFC 3261 Timer F: 64 * T1 = 32 s without any answer.
                UnitEvent unreachable = events.await(registration("1", "Unreachable"), Duration.ofSeconds(40));

                assertEquals("no answer from " + kamailio.hostPort() + " (transaction timeout)", unreachable.get("reason"));
            }
        }
    }
}
