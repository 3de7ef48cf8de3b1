package org.secureta.proxykit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KamailioTlsWorkersTest {

    @Test
    void readsTheVersionFromKamailiosOwnLine() {
        assertArrayEquals(new int[]{5, 6}, KamailioTlsWorkers.parse("version: kamailio 5.6.3 (x86_64/linux) \nflags: USE_TCP").orElseThrow());
        assertTrue(KamailioTlsWorkers.parse("opensips 3.4.18").isEmpty());
    }

    @Test
    void onlyFiveEightAndLaterRunTlsInSeveralWorkers() {
        assertFalse(KamailioTlsWorkers.concurrentTlsIsSafe(Optional.of(new int[]{5, 6})));
        assertFalse(KamailioTlsWorkers.concurrentTlsIsSafe(Optional.of(new int[]{5, 7})));
        assertTrue(KamailioTlsWorkers.concurrentTlsIsSafe(Optional.of(new int[]{5, 8})));
        assertTrue(KamailioTlsWorkers.concurrentTlsIsSafe(Optional.of(new int[]{6, 0})));
        assertFalse(KamailioTlsWorkers.concurrentTlsIsSafe(Optional.empty()), "unknown: the safe choice");
    }

    @Test
    void theInstalledKamailioGetsTheWorkersItsVersionAllows() {
        Optional<Path> kamailio = Proxy.KAMAILIO.find();
        assumeTrue(kamailio.isPresent(), Proxy.KAMAILIO.absence());
        int workers = KamailioTlsWorkers.forLab(kamailio.get(), 4);
        // Debian 12 ships 5.6.3: one worker, and the progress line says why.
        assertEquals(workers == 1, KamailioTlsWorkers.reason(kamailio.get()).isPresent());
        KamailioTlsWorkers.reason(kamailio.get()).ifPresent(why -> assertTrue(why.contains("kamailio#3791"), why));
    }

    @Test
    void theTcpWorkersAreSetBesideChildrenOrReplaced() {
        assertEquals("children=4\ntcp_children=1\nlisten=tls:127.0.0.1:5061\n",
                KamailioTlsWorkers.withTcpWorkers("children=4\nlisten=tls:127.0.0.1:5061\n", 1));
        assertEquals("children=4\ntcp_children=1\n", KamailioTlsWorkers.withTcpWorkers("children=4\ntcp_children=4\n", 1));
    }
}
