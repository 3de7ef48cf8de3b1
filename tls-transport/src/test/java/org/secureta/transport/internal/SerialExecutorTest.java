package org.secureta.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** A unit's events on a shared pool: in the order given, one at a time, past a failing one. */
class SerialExecutorTest {

    @Test
    void runsTasksInOrderOneAtATimeOnAPoolOfManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            SerialExecutor events = new SerialExecutor(pool, "unit");
            List<Integer> order = new ArrayList<>();
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(1000);
            IntStream.range(0, 1000).forEach(i -> events.execute(() -> {
                try {
                    if (inside.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    order.add(i);
                    if (i == 500) {
                        throw new IllegalStateException("expected by the test");
                    }
                } finally {
                    inside.decrementAndGet();
                    done.countDown();
                }
            }));
            assertTrue(done.await(10, TimeUnit.SECONDS), "all tasks ran, past the one that threw");
            assertEquals(IntStream.range(0, 1000).boxed().toList(), order);
            assertEquals(0, overlaps.get(), "tasks ran at once");
        } finally {
            pool.shutdownNow();
        }
    }
}
