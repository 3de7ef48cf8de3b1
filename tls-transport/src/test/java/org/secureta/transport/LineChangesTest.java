package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secureta.transport.testsupport.UnitEvents.registration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.internal.ConfigProxies;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/** Lines changed while the unit runs (SipEp.UserAgent / SipEp.Authentication) take effect at once at the registrar. */
class LineChangesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestCa ca;
    private static Kamailio kamailio;

    @BeforeAll
    static void startKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA line CA");
        kamailio = Kamailio.start(ca, new Kamailio.Options().user("500", "pw500").user("501", "pw501").user("502", "pw502"));
    }

    @AfterAll
    static void stopKamailio() {
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private static LineConfiguration line(String endpointId, String user, String password) {
        return ConfigProxies.of(LineConfiguration.class, Map.of("endpointId", endpointId, "username", user, "gatewayName", "gw",
                ".authPassword", password));
    }

    private static SipUnit start(UnitEvents events, String user, String password) throws Exception {
        return Units.tls(ca.credentials(null)).with("persistentBasePort", FreePorts.persistentBase())
                .gateway("gw", kamailio.hostPort()).line("1", user, password, "gw").start(events);
    }

    private static void awaitTrue(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + WAIT);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aChangedUsernameMovesTheBindingToTheNewUser() throws Exception {
        UnitEvents events = new UnitEvents();
        try (SipUnit unit = start(events, "500", "pw500")) {
            events.await(registration("1", "Registered"), WAIT);
            assertEquals(1, kamailio.bindings("500").size());
            int before = events.size();

            unit.updateLines(List.of(line("1", "501", "pw501")));

            events.awaitAfter(before, registration("1", "Unregistered"), WAIT);
            UnitEvent registered = events.awaitAfter(before, registration("1", "Registered"), WAIT);
            assertEquals("501", registered.get("user"), registered.toLine());
            assertEquals(List.of(), kamailio.bindings("500"), "the old user's binding is gone");
            assertEquals(1, kamailio.bindings("501").size());
        }
    }

    @Test
    void aChangedPasswordReRegistersWithTheNewCredentials() throws Exception {
        UnitEvents events = new UnitEvents();
        try (SipUnit unit = start(events, "502", "pw502")) {
            events.await(registration("1", "Registered"), WAIT);
            int before = events.size();

            unit.updateLines(List.of(line("1", "502", "not-the-password")));

            events.awaitAfter(before, registration("1", "AuthFailed"), WAIT);
            assertEquals(List.of(), kamailio.bindings("502"), "unregistered with the old password, refused with the new one");
        }
    }

    @Test
    void aRemovedLineUnregistersAndAnAddedOneRegisters() throws Exception {
        UnitEvents events = new UnitEvents();
        try (SipUnit unit = start(events, "500", "pw500")) {
            events.await(registration("1", "Registered"), WAIT);
            int before = events.size();

            unit.updateLines(List.of(line("2", "501", "pw501")));

            events.awaitAfter(before, registration("1", "Unregistered"), WAIT);
            events.awaitAfter(before, registration("2", "Registered"), WAIT);
            awaitTrue(() -> kamailio.bindings("500").isEmpty(), "removal of line 1's binding");
            assertEquals(1, kamailio.bindings("501").size());
            assertEquals(List.of("2"), unit.registrations().stream().map(RegistrationStatus::line).toList());

            unit.updateLines(List.of());

            events.awaitAfter(before, registration("2", "Unregistered"), WAIT);
            assertEquals(List.of(), kamailio.bindings("501"));
            assertTrue(unit.registrations().isEmpty());
        }
    }
}
