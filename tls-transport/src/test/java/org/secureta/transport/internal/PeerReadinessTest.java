package org.secureta.transport.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.secureta.transport.testsupport.UnitEvents.link;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.Units;

/**
 * Two units back to back, each the other's gateway (the demo's topology, issue 19): the one that
 * starts first finds the other's TLS server closed and its link goes Down. Once the second unit is
 * up, its own link connects to the first unit; that connection shows the first unit that its peer
 * is listening now, and the first unit's link comes Up at once instead of at its next failback
 * (here 60 s, far beyond the wait).
 */
class PeerReadinessTest {

    private static final int FAILBACK_SECONDS = 60;

    @Test
    void aLinkRefusedAtStartComesUpAsSoonAsItsPeerConnectsNotAtTheNextFailback() throws Exception {
        TestCa ca = TestCa.create("SecureTA test CA");
        TestCa.Issued aCert = ca.issue("a", List.of("localhost"), List.of("127.0.0.1"));
        TestCa.Issued bCert = ca.issue("b", List.of("localhost"), List.of("127.0.0.1"));
        int aPort = FreePorts.tcpAndUdp();
        int bPort = FreePorts.tcpAndUdp();
        UnitEvents aEvents = new UnitEvents();
        UnitEvents bEvents = new UnitEvents();
        try (SipUnit a = Units.tls(ca.credentials(aCert)).with("persistentBasePort", FreePorts.persistentBase())
                .with("failbackInterval", FAILBACK_SECONDS)
                .gateway("peer", "127.0.0.1:" + bPort, aPort).quietLine("1", "100", "peer").start(aEvents)) {
            aEvents.await(link("peer", "Down"), Duration.ofSeconds(10));
            long bStarted = System.nanoTime();
            try (SipUnit b = Units.tls(ca.credentials(bCert)).with("persistentBasePort", FreePorts.persistentBase())
                    .with("failbackInterval", FAILBACK_SECONDS)
                    .gateway("peer", "127.0.0.1:" + aPort, bPort).quietLine("1", "200", "peer").start(bEvents)) {
                bEvents.await(link("peer", "Up"), Duration.ofSeconds(10));
                aEvents.await(link("peer", "Up"), Duration.ofSeconds(20));
                Duration took = Duration.ofNanos(System.nanoTime() - bStarted);
                assertTrue(took.compareTo(Duration.ofSeconds(FAILBACK_SECONDS)) < 0,
                        "a's link came Up only after " + took.toMillis() + " ms: at its failback, not on its peer's connection");
            }
        }
    }
}
