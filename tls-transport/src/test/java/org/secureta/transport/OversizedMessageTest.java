package org.secureta.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.secureta.transport.internal.SipUnit;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.HostilePeer;
import org.secureta.transport.testsupport.TestCa;
import org.secureta.transport.testsupport.UnitEvents;
import org.secureta.transport.testsupport.UnitResources;
import org.secureta.transport.testsupport.Units;

/**
 * Issue 14, "No message size limit", as measured: a 32 MiB body got 200 OK, and three parallel
 * 64 MiB bodies threw OutOfMemoryError in JAIN-SIP's pipeline thread. Here hostile peers announce
 * those bodies and really stream them over TLS to a unit with the default maxMessageSize: each is
 * refused with 413 (or, at worst, a closed connection) and a LIMIT event, and the unit's heap,
 * connection threads and open files come back to their level while it keeps answering.
 */
class OversizedMessageTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Generous: what the peers' TLS sessions and the unit's logging may leave in the heap. */
    private static final long HEAP_SLACK = 16L << 20;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static TestCa ca;
    private static int port;
    private static UnitEvents events;
    private static SipUnit unit;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create("SecureTA test CA");
        TestCa.Issued host = ca.issue("unit", List.of("localhost"), List.of("127.0.0.1"));
        port = FreePorts.tcpAndUdp();
        events = new UnitEvents();
        // Default limits: the issue's unit had no maxMessageSize set either.
        unit = Units.tls(ca.credentials(host))
                .with("persistentBasePort", FreePorts.persistentBase())
                .receivingGateway("trunk", 0, port)
                .quietLine("1", "301", "trunk")
                .start(events);
        unit.addListener(new SipTransportListener() {
            @Override
            public void requestReceived(IncomingRequest request) {
                if (!"ACK".equals(request.method())) {
                    request.respond(200, "OK");
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        if (unit != null) {
            unit.close();
        }
    }

    @Test
    void a32MiBBodyGets413Not200() throws Exception {
        Level level = Level.take();
        int before = events.size();
        try (HostilePeer peer = HostilePeer.tls(ca, port)) {
            Outcome outcome = streamAndRead(peer, 32L << 20);
            assertEquals(413, outcome.status, "a 32 MiB MESSAGE is refused with 413");
            assertTrue(outcome.bodyWritten < (32L << 20), "the unit stopped the body: " + outcome.bodyWritten + " bytes went");
        }
        awaitRefusals(before, 1);
        level.assertRegained();
    }

    @Test
    void threeParallel64MiBBodiesAreRefusedAndLeaveNothingBehind() throws Exception {
        Level level = Level.take();
        int before = events.size();
        long body = 64L << 20;
        List<HostilePeer> peers = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < 3; i++) {
                peers.add(HostilePeer.tls(ca, port));
            }
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (HostilePeer peer : peers) {
                outcomes.add(senders.submit(() -> streamAndRead(peer, body)));
            }
            for (Future<Outcome> future : outcomes) {
                Outcome outcome = future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                // The 413 is written before the unit closes; should the peer's unsent body make the
                // close a reset that overtakes it, the close alone is still a refusal (with its event below).
                assertTrue(outcome.status == 413 || outcome.status == Outcome.CLOSED, "413 or a close, not " + outcome.status);
                // Under load the peer gets some of its body out before the refusal; on an idle machine the
                // unit may refuse and close on the headers alone, before any of it: both hold nothing.
                assertTrue(outcome.bodyWritten < body, "the unit stopped the body: " + outcome.bodyWritten + " bytes went");
            }
        } finally {
            senders.shutdownNow();
            for (HostilePeer peer : peers) {
                peer.close();
            }
        }
        awaitRefusals(before, 3);
        level.assertRegained();
    }

    // ---------------------------------------------------------------- helpers

    private record Outcome(int status, long bodyWritten) {
        static final int CLOSED = -1;
    }

    /**
     * Announces a MESSAGE with a body of {@code bodyBytes}, streams the body from a second thread
     * and reads what the unit answers on this one; then checks the unit closes the connection.
     */
    private static Outcome streamAndRead(HostilePeer peer, long bodyBytes) throws Exception {
        String head = "MESSAGE sip:301@127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 127.0.0.1:" + peer.localPort() + ";branch=z9hG4bK-" + UUID.randomUUID() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:hostile@127.0.0.1>;tag=hostile1\r\n"
                + "To: <sip:301@127.0.0.1>\r\n"
                + "Call-ID: " + UUID.randomUUID() + "@hostile\r\n"
                + "CSeq: 1 MESSAGE\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + bodyBytes + "\r\n\r\n";
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<Long> written = writer.submit(() -> peer.sendStreaming(head, bodyBytes));
            int status;
            try {
                status = peer.finalAnswer().status();
                assertTrue(peer.closedByUnit(WAIT), "connection closed after the 413: its framing is lost");
            } catch (IOException closed) {
                status = Outcome.CLOSED;
            }
            // The writer ends when the unit's close fails its next write.
            return new Outcome(status, written.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        } finally {
            writer.shutdownNow();
        }
    }

    /** Awaits LIMIT events standing for {@code count} refusals (the unit sums those within a second in one). */
    private static void awaitRefusals(int from, int count) throws InterruptedException {
        Predicate<UnitEvent> limit = event -> event.kind().equals("LIMIT") && "maxMessageSize".equals(event.get("limit"))
                && "Refused".equals(event.get("state"));
        int index = from;
        int refusals = 0;
        while (refusals < count) {
            UnitEvent refused = events.awaitAfter(index, limit, WAIT);
            assertEquals("65536", refused.get("max"));
            String summed = refused.get("count");
            refusals += summed == null ? 1 : Integer.parseInt(summed);
            index = events.all().indexOf(refused) + 1;
        }
        assertEquals(count, refusals, "refusals posted");
    }

    /** The unit's heap after a full collection, with its threads and files, to come back to. */
    private record Level(long heap, UnitResources resources) {

        static Level take() throws Exception {
            // One exchange first, so that the level includes what the first connection loads for good.
            try (HostilePeer peer = HostilePeer.tls(ca, port)) {
                peer.send(options(peer.localPort()));
                assertEquals(200, peer.finalAnswer().status());
            }
            UnitResources resources = UnitResources.awaitLevel(UnitResources.now(), Duration.ofMillis(500));
            return new Level(heapAfterGc(), resources);
        }

        void assertRegained() throws Exception {
            UnitResources after = UnitResources.awaitLevel(resources, WAIT);
            assertTrue(after.within(resources), "threads and files back to " + resources + ", now " + after);
            long deadline = System.nanoTime() + WAIT.toNanos();
            long now = heapAfterGc();
            while (now > heap + HEAP_SLACK && System.nanoTime() < deadline) {
                now = heapAfterGc();
            }
            assertTrue(now <= heap + HEAP_SLACK, "heap back near " + (heap >> 20) + " MiB, now " + (now >> 20) + " MiB");
            try (HostilePeer peer = HostilePeer.tls(ca, port)) {
                peer.send(options(peer.localPort()));
                assertEquals(200, peer.finalAnswer().status(), "the unit still answers OPTIONS");
            }
        }

        /** Requests a collection and awaits one (a weakly held object cleared), then reads the heap. */
        private static long heapAfterGc() throws InterruptedException {
            WeakReference<Object> sentinel = new WeakReference<>(new Object());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (sentinel.get() != null && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(10);
            }
            // A second request: what the first one found unreachable may need another cycle to go.
            System.gc();
            return MEMORY.getHeapMemoryUsage().getUsed();
        }
    }

    private static String options(int peerPort) {
        return "OPTIONS sip:301@127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 127.0.0.1:" + peerPort + ";branch=z9hG4bK-" + UUID.randomUUID() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:hostile@127.0.0.1>;tag=hostile1\r\n"
                + "To: <sip:301@127.0.0.1>\r\n"
                + "Call-ID: " + UUID.randomUUID() + "@hostile\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
