package org.secureta.provisioning.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.secureta.provisioning.ladder.internal.MessageTraceComponent;
import org.secureta.transport.SipMessageRecord;
import org.secureta.transport.SipMessageRecord.Direction;
import org.secureta.transport.Transport;

class MessageTraceComponentTest {

    private static SipMessageRecord options(int i) {
        return SipExchanges.record(SipExchanges.T0.plusMillis(i), Direction.SENT, SipExchanges.UNIT_A, SipExchanges.PROXY, Transport.TLS,
                SipExchanges.TLS13, SipExchanges.message("OPTIONS sip:lab SIP/2.0", "opt-" + i + "@ta", i + " OPTIONS", ""));
    }

    @Test
    void itKeepsTheLastMessagesInOrderAndForgetsTheOldest() {
        MessageTraceComponent trace = new MessageTraceComponent(3);
        for (int i = 1; i <= 5; i++) {
            trace.messageSeen(options(i));
        }
        assertEquals(List.of("opt-3@ta", "opt-4@ta", "opt-5@ta"), trace.messages().stream().map(TracedMessage::callId).toList());
    }

    @Test
    void byDefaultItKeeps2000Messages() {
        assertEquals(2000, new MessageTraceComponent(Map.of()).capacity());
        assertEquals(50, new MessageTraceComponent(Map.of("capacity", 50)).capacity());
        assertEquals("capacity 0: at least 1 message", assertThrows(IllegalArgumentException.class, () -> new MessageTraceComponent(0))
                .getMessage());
    }

    @Test
    void whatItKeepsHasNoKeys() {
        MessageTraceComponent trace = new MessageTraceComponent(10);
        SipExchanges.sdesCall("k@ta", true, 0).forEach(trace::messageSeen);
        assertTrue(trace.messages().stream().noneMatch(m -> m.body().contains(SipExchanges.SDES_KEY)));
        assertEquals(1, trace.ladders().size());
    }

    @Test
    void transportThreadsReportingWhileTheWebReadsLoseNothingRecentAndNeverFail() throws Exception {
        int capacity = 500;
        int threads = 4;
        int perThread = 5000;
        MessageTraceComponent trace = new MessageTraceComponent(capacity);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            writers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    trace.messageSeen(options(base + i));
                }
                return null;
            }));
        }
        Future<Integer> reader = pool.submit(() -> {
            start.await();
            int reads = 0;
            while (writers.stream().anyMatch(w -> !w.isDone())) {
                List<TracedMessage> seen = trace.messages();
                assertTrue(seen.size() <= capacity);
                assertFalse(seen.contains(null));
                reads++;
            }
            return reads;
        });
        start.countDown();
        for (Future<?> w : writers) {
            w.get(60, TimeUnit.SECONDS);
        }
        assertTrue(reader.get(60, TimeUnit.SECONDS) > 0);
        pool.shutdown();
        List<TracedMessage> kept = trace.messages();
        assertEquals(capacity, kept.size(), "once every writer is done, the ring is full");
        assertEquals(capacity, kept.stream().map(TracedMessage::callId).distinct().count(), "no slot twice");
    }
}
