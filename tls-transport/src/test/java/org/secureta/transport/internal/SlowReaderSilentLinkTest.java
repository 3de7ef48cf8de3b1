package org.secureta.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.secureta.transport.testsupport.UnitEvents.link;
import static org.secureta.transport.testsupport.UnitEvents.registration;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.UnitEvent;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.TcpRelay;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * The race behind a SilentLinkTest failure under load, made certain: JAIN-SIP's reader of an
 * abandoned connection, as it ends, closes the socket and then drops the stack's socket-table
 * entry for the server's address, whichever connection it names by then. Here that reader is
 * held 2.5 s in its close, longer than the link's one-second settle. A link that reconnected
 * before the reader let go lost its new connection's entry: the stack opened a third connection
 * beside the link (3 at the relay; with this delay the link even flapped and the line did not
 * register again within 10 s). The link must wait for the reader.
 */
class SlowReaderSilentLinkTest {

    private static final long READER_DELAY_MILLIS = 2500;

    @AfterEach
    void noHook() {
        ScreenedSslSocket.beforeClientClose = null;
    }

    @Test
    void aReplacementOpenedWhileTheOldReaderIsSlowToLetGoIsTheOnlyConnectionBesideTheDeadOne() throws Exception {
        assumeTrue(Kamailio.installed(), Kamailio.NOT_INSTALLED);
        TestCa ca = TestCa.create("SecureTA test CA");
        try (Kamailio kamailio = Kamailio.start(ca, new Kamailio.Options().user("100", "secret"));
             TcpRelay relay = TcpRelay.start(kamailio.port())) {
            UnitEvents events = new UnitEvents();
            try (SipUnit unit = Units.tls(ca.credentials(null))
                    .with("persistentBasePort", FreePorts.persistentBase())
                    .with("failbackInterval", 5)
                    .with("registrationTransportParameter", true)
                    .with("keepAliveInterval", 2)
                    .gateway("gw", relay.hostPort())
                    .line("1", "100", "secret", "gw")
                    .start(events)) {
                events.await(registration("1", "Registered"), Duration.ofSeconds(10));
                // A ping must have had its pong before silence counts as a dead path.
                long[] mark = relay.forwarded();
                relay.awaitForwarded(mark, 2, 2, Duration.ofSeconds(15));
                // Only JAIN-SIP's readers are held, not the unit's own closing.
                java.util.concurrent.CountDownLatch readerLetGo = new java.util.concurrent.CountDownLatch(1);
                ScreenedSslSocket.beforeClientClose = () -> {
                    if (!Thread.currentThread().getName().startsWith("close-")) {
                        try {
                            Thread.sleep(READER_DELAY_MILLIS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        readerLetGo.countDown();
                    }
                };
                int silent = events.size();
                relay.goSilent();
                UnitEvent down = events.awaitAfter(silent, link("gw", "Down"), Duration.ofSeconds(30));
                UnitEvent up = events.awaitAfter(events.all().indexOf(down), link("gw", "Up"), Duration.ofSeconds(20));
                events.awaitAfter(events.all().indexOf(up), registration("1", "Registered"), Duration.ofSeconds(10));
                ScreenedSslSocket.beforeClientClose = null;
                // Once the old reader has let go, the next keep-alive goes where the stack's table says.
                assertTrue(readerLetGo.await(15, java.util.concurrent.TimeUnit.SECONDS), "the abandoned connection's reader never closed it");
                long[] after = relay.forwarded();
                relay.awaitForwarded(after, 1, 1, Duration.ofSeconds(10));
                assertEquals(2, relay.connections(),
                        "connections opened through the relay: the silent one and its replacement only, none by the REGISTER\n" + events.describe());
            }
        }
    }
}
