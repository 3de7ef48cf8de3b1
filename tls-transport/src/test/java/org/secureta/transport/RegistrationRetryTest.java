package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secureta.transport.testsupport.UnitEvents.link;
import static org.secureta.transport.testsupport.UnitEvents.registration;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.FreePorts;
import org.secureta.proxykit.TcpRelay;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * A refused REGISTER is tried again on the unit's retry timing (SipEp.DefaultRegistrationRetryTime,
 * doubled per failure up to the cap, spread +-25 %), each attempt announced; once the registrar
 * accepts, the line is Registered again.
 */
class RegistrationRetryTest {

    private static final int RETRY_SECONDS = 2;
    private static TestCa ca;

    @BeforeAll
    static void needsKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA test CA");
    }

    private static Units unit(String server, String password) throws Exception {
        return Units.tls(ca.credentials(null))
                .with("persistentBasePort", FreePorts.persistentBase())
                .with("failbackInterval", 5)
                .with("registrationTransportParameter", true)
                .with("registrationRetryTime", RETRY_SECONDS)
                .with("registrationRetryMaxTime", 4 * RETRY_SECONDS)
                .gateway("gw", server)
                .line("1", "100", password, "gw");
    }

    private static Predicate<UnitEvent> attempt(String state, int number) {
        return registration("1", state).and(e -> Integer.toString(number).equals(e.get("attempt")));
    }

    @Test
    void wrongCredentialsAreRetriedWithBackOffAndNamedWithoutThePassword() throws Exception {
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().user("100", "secret"))) {
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = unit(kamailio.hostPort(), "not-the-password").start(events)) {
                UnitEvent first = events.await(attempt("AuthFailed", 1), Duration.ofSeconds(10));
                assertTrue(first.get("reason").contains("credentials of user 100 realm"), first.toLine());
                assertFalse(first.toLine().contains("not-the-password"), "the password never appears: " + first.toLine());
                int announced = Integer.parseInt(first.get("retryIn"));
                assertTrue(announced >= 1 && announced <= 3, "first retry announced in " + announced + " s: " + first.toLine());

                UnitEvent second = events.await(attempt("Registering", 2), Duration.ofSeconds(10));
                UnitEvent secondFailed = events.await(attempt("AuthFailed", 2), Duration.ofSeconds(10));
                UnitEvent third = events.await(attempt("Registering", 3), Duration.ofSeconds(15));
                long firstGap = Duration.between(first.time(), second.time()).toMillis();
                long secondGap = Duration.between(secondFailed.time(), third.time()).toMillis();
                // 2 s +-25 %, then 4 s +-25 % (event times have millisecond precision); a timer never
                // fires early, but may fire late on a loaded machine, hence the slack above the band.
                assertTrue(firstGap >= 1490 && firstGap <= 3000, "first retry after " + firstGap + " ms:\n" + events.describe());
                assertTrue(secondGap >= 2990 && secondGap <= 5500, "second retry after " + secondGap + " ms:\n" + events.describe());
                assertEquals(List.of(), events.matching(registration("1", "Registered")));
            }
        }
    }

    /**
     * The registrar refuses the line (403), then goes away and comes back on the same address
     * (here: the relay the unit talks to drops its connections and forwards to a new Kamailio
     * that knows the line): the link is re-established and the line, retrying, registers.
     */
    @Test
    void aRefusedLineRegistersOnceTheRegistrarIsBackAndAcceptsIt() throws Exception {
        try (Kamailio refusing = Kamailio.start(ca, new Kamailio.Options().forbid("100"));
             Kamailio accepting = Kamailio.start(ca, new Kamailio.Options().user("100", "secret"));
             TcpRelay relay = TcpRelay.start(refusing.port())) {
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = unit(relay.hostPort(), "secret").start(events)) {
                UnitEvent rejected = events.await(attempt("Rejected", 1), Duration.ofSeconds(10));
                assertTrue(rejected.get("reason").startsWith("403"), rejected.toLine());
                events.await(attempt("Rejected", 2), Duration.ofSeconds(10));

                int restarted = events.size();
                relay.retarget(accepting.port());
                events.awaitAfter(restarted, link("gw", "Down"), Duration.ofSeconds(5));
                events.awaitAfter(restarted, link("gw", "Up"), Duration.ofSeconds(15));
                UnitEvent registered = events.awaitAfter(restarted, registration("1", "Registered"), Duration.ofSeconds(15));
                assertEquals(null, registered.get("retryIn"), registered.toLine());
                assertEquals(List.of("sip:100@127.0.0.1:" + unit.localPort() + ";transport=tls"), accepting.bindings("100"));
            }
        }
    }
}
