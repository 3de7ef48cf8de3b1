package org.secureta.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** SipEp.TransportPersistentBasePort and PortInterval: where the persistent local port comes from. */
class PortAllocatorTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /**
     * A base whose window of {@code width} ports is free right now, searched from {@code from}: each
     * test its own window, since the cycling cursor of a base lives as long as the JVM.
     */
    private static int freeWindow(int from, int width) throws IOException {
        for (int base = from + (int) (ProcessHandle.current().pid() % 5000); base < 64000; base += width + 1) {
            boolean free = true;
            for (int port = base; port < base + width && free; port++) {
                try (ServerSocket probe = new ServerSocket()) {
                    probe.bind(new InetSocketAddress(LOOPBACK, port));
                } catch (IOException busy) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no free window of " + width + " ports");
    }

    @Test
    void withoutAnIntervalEveryClaimTakesTheFirstFreePortFromTheBase() throws Exception {
        int base = freeWindow(20000, 101);
        int first = PortAllocator.claim(LOOPBACK, base, 0);
        PortAllocator.release(first);
        int second = PortAllocator.claim(LOOPBACK, base, 0);
        PortAllocator.release(second);

        assertEquals(base, first);
        assertEquals(base, second, "no cycling: the base again");
    }

    @Test
    void withAnIntervalSuccessiveClaimsCycleThroughTheWindowAndWrapToTheBase() throws Exception {
        int base = freeWindow(30000, 101);
        List<Integer> claimed = new ArrayList<>();
        for (int i = 0; i < 103; i++) {
            int port = PortAllocator.claim(LOOPBACK, base, 100);
            PortAllocator.release(port);
            claimed.add(port);
        }

        assertEquals(List.of(base, base + 1, base + 2), claimed.subList(0, 3));
        assertEquals(base + 100, claimed.get(100), "the window includes base + interval");
        assertEquals(List.of(base, base + 1), claimed.subList(101, 103), "then back to the base");
    }

    @Test
    void aBusyPortInTheWindowIsSkipped() throws Exception {
        int base = freeWindow(40000, 101);
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(LOOPBACK, base));
            int port = PortAllocator.claim(LOOPBACK, base, 100);
            PortAllocator.release(port);

            assertEquals(base + 1, port);
        }
    }

    @Test
    void aFullWindowIsAnErrorNamingTheVariables() throws Exception {
        int base = freeWindow(50000, 101);
        List<Integer> held = new ArrayList<>();
        try {
            for (int i = 0; i <= 100; i++) {
                held.add(PortAllocator.claim(LOOPBACK, base, 100));
            }
            IOException full = assertThrows(IOException.class, () -> PortAllocator.claim(LOOPBACK, base, 100));

            assertTrue(full.getMessage().contains(base + ".." + (base + 100)), full.getMessage());
            assertTrue(full.getMessage().contains("SipEp.TransportPersistentPortInterval"), full.getMessage());
        } finally {
            held.forEach(PortAllocator::release);
        }
    }
}
