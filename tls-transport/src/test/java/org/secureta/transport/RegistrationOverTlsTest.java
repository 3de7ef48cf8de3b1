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
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/** A line registers over TLS with a real Kamailio registrar, from the persistent local port. */
class RegistrationOverTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestCa ca;

    @BeforeAll
    static void needsKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA test CA");
    }

    @Test
    void registersFromPort16000OrTheNextFreeOneAndKamailioStoresTheTlsContact() throws Exception {
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().user("100", "secret"))) {
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = Units.tls(ca.credentials(null))
                    .with("registrationTransportParameter", true)
                    .gateway("gw", kamailio.hostPort())
                    .line("1", "100", "secret", "gw")
                    .start(events)) {
                events.await(registration("1", "Registered"), WAIT);

                assertTrue(unit.localPort() >= 16000, "local port " + unit.localPort() + " is 16000 or above");
                assertEquals(List.of("sip:100@127.0.0.1:" + unit.localPort() + ";transport=tls"), kamailio.bindings("100"));
                UnitEvent up = events.await(link("gw", "Up"), WAIT);
                assertEquals("establishing persistent connection", up.get("message"));
                assertEquals(Integer.toString(unit.localPort()), up.get("localPort"));
                assertEquals(LinkState.Up, unit.links().get(0).state());
            }
        }
    }
}
