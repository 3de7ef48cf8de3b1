package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secureta.transport.testsupport.UnitEvents.link;
import static org.secureta.transport.testsupport.UnitEvents.registration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * Certificate dates are checked against the unit's clock (the trusted, SNTP-corrected time the
 * framework gives the transport), not the host's: the same valid proxy certificate is expired
 * for a unit whose clock says next year.
 */
class UnitClockTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestCa ca;
    private static Kamailio kamailio;

    @BeforeAll
    static void startKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA clock CA");
        kamailio = Kamailio.start(ca, new Kamailio.Options().user("400", "pw400"));
    }

    @AfterAll
    static void stopKamailio() {
        if (kamailio != null) {
            kamailio.close();
        }
    }

    /** The certificate service's trust manager reads the host clock; the unit gives the transport its own. */
    private static Units unitWithClock(Clock unitClock) throws Exception {
        return Units.tls(ca.unitCredentials(CertificateValidation.HostName, Clock.systemUTC(), null))
                .with("persistentBasePort", FreePorts.persistentBase())
                .gateway("gw", kamailio.hostPort())
                .line("1", "400", "pw400", "gw")
                .clock(unitClock);
    }

    @Test
    void aUnitClockAYearAheadFindsTheProxysValidCertificateExpiredAndKeepsTheLinkDown() throws Exception {
        Clock nextYear = Clock.fixed(Instant.now().plus(Duration.ofDays(365)), ZoneOffset.UTC);
        UnitEvents events = new UnitEvents();
        try (SipUnit unit = unitWithClock(nextYear).start(events)) {
            UnitEvent down = events.await(link("gw", "Down"), WAIT);

            assertTrue(down.get("reason").startsWith("server certificate rejected: EXPIRED: validity date check"), down.get("reason"));
            assertTrue(down.get("reason").contains("expired"), down.get("reason"));
            events.await(registration("1", "Unreachable"), WAIT);
            assertEquals(LinkState.Down, unit.links().get(0).state());
        }
    }

    @Test
    void theSameCertificatesOnTheRightTimeBringTheLinkUpAndRegister() throws Exception {
        UnitEvents events = new UnitEvents();
        try (SipUnit unit = unitWithClock(Clock.systemUTC()).start(events)) {
            events.await(registration("1", "Registered"), WAIT);

            assertEquals(LinkState.Up, unit.links().get(0).state());
        }
    }
}
