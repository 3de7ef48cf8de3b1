package org.secureta.transport.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads all units in one JVM share (issue 18: thousands of units in one JVM). A unit
 * used to own a JAIN-SIP timer thread, an event scanner thread and two timer threads of its
 * own; with a few thousand units those alone exhausted the machine's pid_max. Now:
 * <ul>
 *   <li>one timer thread fires every unit's and every JAIN-SIP stack's timers. It only hands
 *       the units' tasks on (to the work pool) and runs JAIN-SIP's own timer tasks, which are
 *       short, one at a time as JAIN-SIP's default timer did per stack;</li>
 *   <li>a work pool runs the units' tasks and their JAIN-SIP events (each unit's events in
 *       order, through its own {@link SerialExecutor}). Its threads end when idle, so an idle
 *       fleet holds none; it is bounded, since a task may block (a TLS connect, up to the
 *       connect timeout).</li>
 * </ul>
 * All are daemon threads: the units' owner decides when the JVM ends, not a forgotten unit.
 */
final class UnitThreads {

    /** The work pool's bound: enough for connects that wait on unreachable servers beside the ones that do not. */
    static final int WORK_THREADS = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
    private static final long WORK_IDLE_SECONDS = 10;

    private static final ScheduledThreadPoolExecutor TIMER = newTimer();
    private static final ThreadPoolExecutor WORK = newWork();

    private UnitThreads() {
    }

    private static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, named("secureta-timer"));
        // Cancelled timers (a refreshed keep-alive, an answered transaction) leave the queue at
        // once instead of when they would have fired: thousands of units cancel a lot.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static ThreadPoolExecutor newWork() {
        ThreadPoolExecutor work = new ThreadPoolExecutor(WORK_THREADS, WORK_THREADS, WORK_IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), named("secureta-work"));
        work.allowCoreThreadTimeOut(true);
        return work;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The shared timer: only for firing; whatever may take time goes to {@link #work()}. */
    static ScheduledThreadPoolExecutor timer() {
        return TIMER;
    }

    /** The shared pool for the units' tasks and events. */
    static Executor work() {
        return WORK;
    }
}
