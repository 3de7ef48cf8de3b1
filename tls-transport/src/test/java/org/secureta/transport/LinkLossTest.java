package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secureta.transport.testsupport.UnitEvents.link;
import static org.secureta.transport.testsupport.UnitEvents.registration;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.internal.SipUnit;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/** The unit keeps its persistent link: it notices losses, retries, re-registers, and can keep it alive. */
class LinkLossTest {

    private static final int FAILBACK_SECONDS = 5;
    private static TestCa ca;

    @BeforeAll
    static void needsKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA test CA");
    }

    private static Units unit(Kamailio kamailio) throws Exception {
        return Units.tls(ca.credentials(null))
                .with("persistentBasePort", FreePorts.persistentBase())
                .with("failbackInterval", FAILBACK_SECONDS)
                .with("registrationTransportParameter", true)
                .gateway("gw", kamailio.hostPort())
                .line("1", "100", "secret", "gw");
    }

    @Test
    void whenTheServerDiesTheLinkGoesDownIsRetriedEveryFailbackIntervalAndTheLineRegistersAgainAfterItsReturn() throws Exception {
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().user("100", "secret"))) {
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = unit(kamailio).start(events)) {
                events.await(registration("1", "Registered"), Duration.ofSeconds(10));

                int killed = events.size();
                kamailio.kill();
                UnitEvent down = events.awaitAfter(killed, link("gw", "Down"), Duration.ofSeconds(5));
                assertTrue(down.get("reason").contains("closed"), events.describe());
                events.awaitAfter(killed, registration("1", "Unreachable"), Duration.ofSeconds(5));

                Thread.sleep((2 * FAILBACK_SECONDS + 1) * 1000L);
                List<UnitEvent> attempts = events.matching(link("gw", "WaitingUp")).stream()
                        .filter(e -> !e.time().isBefore(down.time())).toList();
                assertTrue(attempts.size() >= 2 && attempts.size() <= 4, "attempts while the server is dead: " + attempts);
                for (int i = 2; i < attempts.size(); i++) {
                    long gap = Duration.between(attempts.get(i - 1).time(), attempts.get(i).time()).toMillis();
                    assertTrue(gap >= FAILBACK_SECONDS * 1000 - 100, "retry " + i + " came " + gap + " ms after the previous one");
                }
                assertTrue(events.matching(link("gw", "Down")).stream().anyMatch(e -> e.get("reason").startsWith("connection refused")));

                // Counted before the restart: the unit's next retry can reach the server while restart()
                // still waits for it to be ready, and its Up and Registered then come before restart() returns.
                int restarted = events.size();
                kamailio.restart();
                UnitEvent up = events.awaitAfter(restarted, link("gw", "Up"), Duration.ofSeconds(FAILBACK_SECONDS + 5));
                assertEquals("establishing persistent connection", up.get("message"));
                events.awaitAfter(restarted, registration("1", "Registered"), Duration.ofSeconds(5));
                assertEquals(List.of("sip:100@127.0.0.1:" + unit.localPort() + ";transport=tls"), kamailio.bindings("100"),
                        "the restarted server lost its location table; the unit registered again");
            }
        }
    }

    @Test
    void aLinkTheServerClosesWhenIdleIsReopenedAndTheLineRegistersAgain() throws Exception {
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().user("100", "secret")
                .connectionLifetime(Duration.ofSeconds(1)))) {
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = unit(kamailio).start(events)) {
                UnitEvent registered = events.await(registration("1", "Registered"), Duration.ofSeconds(10));

                // Kamailio hands an idle connection back from its reader after about 5 s, then applies the lifetime.
                int before = events.all().indexOf(registered);
                UnitEvent down = events.awaitAfter(before, link("gw", "Down"), Duration.ofSeconds(20));
                assertTrue(down.get("reason").contains("closed"), down.get("reason"));
                int lost = events.all().indexOf(down);
                events.awaitAfter(lost, link("gw", "Up"), Duration.ofSeconds(5));
                events.awaitAfter(lost, registration("1", "Registered"), Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void crlfKeepAlivesKeepTheLinkOpenPastTheServersIdleLifetime() throws Exception {
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().user("100", "secret")
                .connectionLifetime(Duration.ofSeconds(1)))) {
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = unit(kamailio).with("keepAliveInterval", 1).start(events)) {
                events.await(registration("1", "Registered"), Duration.ofSeconds(10));

                // Without keep-alives the same server closes the link within about 10 s (test above).
                Thread.sleep(15000);

                assertEquals(List.of(), events.matching(link("gw", "Down")), "the link never went down:\n" + events.describe());
                assertEquals(1, events.matching(link("gw", "Up")).size());
                assertEquals(Set.of(unit.localPort()), kamailio.tlsConnectionSourcePorts());
            }
        }
    }
}
