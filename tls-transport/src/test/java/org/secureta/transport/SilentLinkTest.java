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
import org.secureta.proxykit.TcpRelay;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * A link whose path goes silent (no FIN, no RST: a relay or NAT stopped forwarding) is noticed
 * and replaced, through a relay in front of a real Kamailio. Before this, such a link stayed Up,
 * REGISTER refreshes timed out on the dead connection and no new one was opened.
 */
class SilentLinkTest {

    private static final int KEEP_ALIVE_SECONDS = 2;
    private static TestCa ca;

    @BeforeAll
    static void needsKamailio() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        ca = TestCa.create("SecureTA test CA");
    }

    private static Units unit(TcpRelay relay) throws Exception {
        return Units.tls(ca.credentials(null))
                .with("persistentBasePort", FreePorts.persistentBase())
                .with("failbackInterval", 5)
                .with("registrationTransportParameter", true)
                .with("keepAliveInterval", KEEP_ALIVE_SECONDS)
                .gateway("gw", relay.hostPort())
                .line("1", "100", "secret", "gw");
    }

    @Test
    void aKeepAliveWithoutPongMarksTheLinkDownAndANewConnectionRegistersAgain() throws Exception {
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().user("100", "secret"));
             TcpRelay relay = TcpRelay.start(kamailio.port())) {
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = unit(relay).start(events)) {
                events.await(registration("1", "Registered"), Duration.ofSeconds(10));

                // While the path works, pings get their pongs and the link stays as it is.
                long[] mark = relay.forwarded();
                relay.awaitForwarded(mark, 3, 3, Duration.ofSeconds(5 * KEEP_ALIVE_SECONDS + 5));
                assertEquals(List.of(), events.matching(link("gw", "Down")), "no false alarm while pongs come back:\n" + events.describe());

                int silent = events.size();
                long silencedAt = System.nanoTime();
                relay.goSilent();
                UnitEvent down = events.awaitAfter(silent, link("gw", "Down"), Duration.ofSeconds(30));
                long detectedMillis = (System.nanoTime() - silencedAt) / 1_000_000;
                assertTrue(down.get("reason").contains("keep-alive"), down.toLine());
                // Detection time: at most one interval until the next ping, then the pong wait (here one
                // interval); 3 s of slack for timers on a loaded machine (before: not noticed in 240 s).
                assertTrue(detectedMillis <= 2 * KEEP_ALIVE_SECONDS * 1000 + 3000,
                        "silent link noticed after " + detectedMillis + " ms; keep-alive " + KEEP_ALIVE_SECONDS + " s");
                events.awaitAfter(silent, registration("1", "Unreachable"), Duration.ofSeconds(5));
                // The unit lets go of the dead connection instead of holding it open.
                relay.awaitClosedByClients(1, Duration.ofSeconds(5));

                UnitEvent up = events.awaitAfter(events.all().indexOf(down), link("gw", "Up"), Duration.ofSeconds(15));
                assertEquals("establishing persistent connection", up.get("message"));
                events.awaitAfter(events.all().indexOf(up), registration("1", "Registered"), Duration.ofSeconds(10));
                // Exactly the silent connection and its replacement: a third means the stack opened one of
                // its own beside the link (for the REGISTER), leaving the link's connection unused.
                assertEquals(2, relay.connections(), "connections opened through the relay: the silent one and its replacement only");
            }
        }
    }

    /**
     * Without keep-alives, the next REGISTER refresh finds the silence: its transaction times out
     * (Timer F, 64*T1 = 32 s), which over TLS means the connection is dead, so the link is replaced
     * and the line registers over the new one.
     */
    @Test
    void aTransactionTimeoutOverTheLinkMarksItDownAndANewConnectionRegistersAgain() throws Exception {
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().user("100", "secret"));
             TcpRelay relay = TcpRelay.start(kamailio.port())) {
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = unit(relay).with("keepAliveInterval", 0).with("registrationExpires", 10).start(events)) {
                events.await(registration("1", "Registered"), Duration.ofSeconds(10));

                int silent = events.size();
                relay.goSilent();
                // The refresh comes half way through the 10 s binding, then waits 32 s for an answer.
                UnitEvent down = events.awaitAfter(silent, link("gw", "Down"), Duration.ofSeconds(60));
                assertTrue(down.get("reason").contains("transaction timeout"), down.toLine());
                UnitEvent up = events.awaitAfter(events.all().indexOf(down), link("gw", "Up"), Duration.ofSeconds(15));
                events.awaitAfter(events.all().indexOf(up), registration("1", "Registered"), Duration.ofSeconds(10));
                assertEquals(List.of("sip:100@127.0.0.1:" + unit.localPort() + ";transport=tls"), kamailio.bindings("100"));
            }
        }
    }
}
