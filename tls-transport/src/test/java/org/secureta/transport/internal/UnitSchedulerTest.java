package org.secureta.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Units' timers on the shared threads: a unit's tasks run, stopping a unit cancels its own
 * tasks and nobody else's, a periodic task never runs twice at once, and a stopped unit
 * schedules nothing more.
 */
class UnitSchedulerTest {

    @Test
    void stoppingOneUnitCancelsItsTasksAndLeavesTheOtherUnitsRunning() throws Exception {
        UnitScheduler stopped = new UnitScheduler("unit-a");
        UnitScheduler running = new UnitScheduler("unit-b");
        AtomicInteger stoppedRuns = new AtomicInteger();
        CountDownLatch stoppedRan = new CountDownLatch(1);
        stopped.scheduleAtFixedRate(() -> {
            stoppedRuns.incrementAndGet();
            stoppedRan.countDown();
        }, 0, 10, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> later = stopped.schedule(() -> stoppedRuns.addAndGet(1000), 200, TimeUnit.MILLISECONDS);
        assertTrue(stoppedRan.await(10, TimeUnit.SECONDS), "unit a's task ran");

        stopped.shutdownNow();
        int atStop = stoppedRuns.get();
        CountDownLatch otherRuns = new CountDownLatch(30);
        running.scheduleWithFixedDelay(otherRuns::countDown, 0, 10, TimeUnit.MILLISECONDS);
        assertTrue(otherRuns.await(10, TimeUnit.SECONDS), "unit b's task went on running");
        running.shutdownNow();

        assertTrue(later.isCancelled(), "unit a's pending one-shot task is cancelled");
        // A run already handed to the pool when the unit stopped may still finish: at most one more.
        assertTrue(stoppedRuns.get() <= atStop + 1, "unit a ran " + (stoppedRuns.get() - atStop) + " times after it stopped");
        assertThrows(RejectedExecutionException.class, () -> stopped.schedule(() -> { }, 1, TimeUnit.MILLISECONDS));
        assertThrows(RejectedExecutionException.class, () -> stopped.execute(() -> { }));
    }

    @Test
    void aSlowPeriodicTaskNeverRunsTwiceAtOnce() throws Exception {
        UnitScheduler unit = new UnitScheduler("unit-slow");
        AtomicInteger inside = new AtomicInteger();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        CountDownLatch runs = new CountDownLatch(5);
        unit.scheduleAtFixedRate(() -> {
            seen.add(inside.incrementAndGet());
            try {
                // Far longer than the period: ticks come while it still runs.
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inside.decrementAndGet();
                runs.countDown();
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        assertTrue(runs.await(10, TimeUnit.SECONDS), "the task ran 5 times");
        unit.shutdownNow();
        assertTrue(seen.stream().allMatch(n -> n == 1), "concurrent runs: " + seen);
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheSharedThreadsForOthers() throws Exception {
        UnitScheduler failing = new UnitScheduler("unit-failing");
        UnitScheduler healthy = new UnitScheduler("unit-healthy");
        CountDownLatch failed = new CountDownLatch(1);
        failing.schedule(() -> {
            failed.countDown();
            throw new IllegalStateException("expected by the test");
        }, 0, TimeUnit.MILLISECONDS);
        assertTrue(failed.await(10, TimeUnit.SECONDS));
        CountDownLatch ran = new CountDownLatch(1);
        healthy.schedule(ran::countDown, 5, TimeUnit.MILLISECONDS);
        assertTrue(ran.await(10, TimeUnit.SECONDS), "the other unit's task still ran");
        assertEquals(0, ran.getCount());
        failing.shutdownNow();
        healthy.shutdownNow();
    }
}
