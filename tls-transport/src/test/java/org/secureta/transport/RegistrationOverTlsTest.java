package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secureta.transport.testsupport.UnitEvents.link;
import static org.secureta.transport.testsupport.UnitEvents.registration;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/** A line registers over TLS with a real Kamailio registrar, from the persistent local port. */
class RegistrationOverTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestCa ca;
    private static Kamailio kamailio;

    @BeforeAll
    static void startKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA test CA");
        kamailio = Kamailio.start(ca, new Kamailio.Options()
                .user("100", "secret").user("101", "secret").user("102", "secret").user("103", "secret")
                .forbid("666"));
    }

    @AfterAll
    static void stopKamailio() {
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private static Units unit() throws Exception {
        return Units.tls(ca.credentials(null)).gateway("gw", kamailio.hostPort());
    }

    @Test
    void registersFromPort16000OrTheNextFreeOneAndKamailioStoresTheTlsContact() throws Exception {
        UnitEvents events = new UnitEvents();
        try (SipUnit unit = unit().with("registrationTransportParameter", true).line("1", "100", "secret", "gw").start(events)) {
            events.await(registration("1", "Registered"), WAIT);

            assertTrue(unit.localPort() >= 16000, "local port " + unit.localPort() + " is 16000 or above");
            assertEquals(List.of("sip:100@127.0.0.1:" + unit.localPort() + ";transport=tls"), kamailio.bindings("100"));
            UnitEvent up = events.await(link("gw", "Up"), WAIT);
            assertEquals("establishing persistent connection", up.get("message"));
            assertEquals(Integer.toString(unit.localPort()), up.get("localPort"));
            assertEquals(LinkState.Up, unit.links().get(0).state());
            assertEquals(RegistrationState.Registered, unit.registrations().get(0).state());
            assertEquals(null, up.get("reason"), "an Up link reports no reason: " + up.toLine());
        }
        // Closing removes the binding; the event says so, not the answer of the last REGISTER.
        UnitEvent unregistering = events.await(registration("1", "Unregistering"), WAIT);
        assertTrue(unregistering.get("reason").startsWith("removing the binding (Expires: 0"), unregistering.toLine());
    }

    @Test
    void withoutTheRegistrationInteropVariableTheContactHasNoTransportParameter() throws Exception {
        UnitEvents events = new UnitEvents();
        try (SipUnit unit = unit().with("persistentBasePort", FreePorts.persistentBase())
                .line("1", "101", "secret", "gw").start(events)) {
            events.await(registration("1", "Registered"), WAIT);

            assertEquals(List.of("sip:101@127.0.0.1:" + unit.localPort()), kamailio.bindings("101"));
        }
    }

    @Test
    void refreshesTheBindingBeforeItExpires() throws Exception {
        UnitEvents events = new UnitEvents();
        try (SipUnit unit = unit().with("persistentBasePort", FreePorts.persistentBase()).with("registrationExpires", 4)
                .line("1", "102", "secret", "gw").start(events)) {
            UnitEvent registered = events.await(registration("1", "Registered"), WAIT);
            assertEquals("4", registered.get("expires"));

            int after = events.all().indexOf(registered) + 1;
            events.awaitAfter(after, registration("1", "Refreshing"), Duration.ofSeconds(4));
            UnitEvent refreshed = events.awaitAfter(after, registration("1", "Registered"), Duration.ofSeconds(4));

            assertTrue(Duration.between(registered.time(), refreshed.time()).toMillis() < 4000,
                    "refreshed " + Duration.between(registered.time(), refreshed.time()) + " after registering, before the 4 s expiry");
            assertEquals(1, kamailio.bindings("102").size());
        }
    }

    @Test
    void aWrongPasswordEndsInAuthFailed() throws Exception {
        UnitEvents events = new UnitEvents();
        try (SipUnit unit = unit().with("persistentBasePort", FreePorts.persistentBase())
                .line("1", "103", "not-the-password", "gw").start(events)) {
            UnitEvent failed = events.await(registration("1", "AuthFailed"), WAIT);

            assertTrue(failed.get("reason").startsWith("401"), failed.get("reason"));
            assertEquals(List.of(), kamailio.bindings("103"));
            assertTrue(events.matching(registration("1", "Registered")).isEmpty());
        }
    }

    @Test
    void aForbiddenUserEndsInRejected() throws Exception {
        UnitEvents events = new UnitEvents();
        try (SipUnit unit = unit().with("persistentBasePort", FreePorts.persistentBase())
                .line("1", "666", "whatever", "gw").start(events)) {
            UnitEvent rejected = events.await(registration("1", "Rejected"), WAIT);

            assertEquals("403 Forbidden", rejected.get("reason"));
        }
    }

    @Test
    void noServerListeningMeansUnreachableWithTheReason() throws Exception {
        UnitEvents events = new UnitEvents();
        int nobody = FreePorts.tcpAndUdp();
        try (SipUnit unit = Units.tls(ca.credentials(null)).with("persistentBasePort", FreePorts.persistentBase())
                .gateway("gw", "127.0.0.1:" + nobody).line("1", "100", "secret", "gw").start(events)) {
            UnitEvent down = events.await(link("gw", "Down"), WAIT);

            assertEquals("connection refused by 127.0.0.1:" + nobody, down.get("reason"));
            UnitEvent unreachable = events.await(registration("1", "Unreachable"), WAIT);
            assertTrue(unreachable.get("reason").contains("connection refused"), unreachable.get("reason"));
        }
    }

    @Test
    void aServerCertificateFromAnotherCaMeansUnreachableWithTheCertificateReason() throws Exception {
        TestCa stranger = TestCa.create("Someone else's CA");
        UnitEvents events = new UnitEvents();
        try (SipUnit unit = Units.tls(stranger.credentials(null)).with("persistentBasePort", FreePorts.persistentBase())
                .gateway("gw", kamailio.hostPort()).line("1", "100", "secret", "gw").start(events)) {
            UnitEvent down = events.await(link("gw", "Down"), WAIT);

            assertTrue(down.get("reason").startsWith("server certificate rejected"), down.get("reason"));
            events.await(registration("1", "Unreachable"), WAIT);
            assertTrue(unit.links().get(0).lastFailure().startsWith("server certificate rejected"));
        }
    }
}
