package org.secureta.transport.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One unit's view of the shared {@link UnitThreads}: its timers fire on the shared timer
 * thread and its tasks run on the shared work pool, and {@link #shutdownNow()} cancels this
 * unit's tasks only. A unit so costs no thread of its own for its keep-alives, registration
 * refreshes, retries and reconnections. A periodic task is never run twice at once: a tick that
 * comes while the previous run is still going is skipped.
 */
final class UnitScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private static final System.Logger LOG = System.getLogger(UnitScheduler.class.getName());

    private final String name;
    private final ScheduledExecutorService timer;
    private final Executor work;
    private final Set<Task<?>> tasks = ConcurrentHashMap.newKeySet();
    private volatile boolean shutdown;

    UnitScheduler(String name) {
        this(name, UnitThreads.timer(), UnitThreads.work());
    }

    UnitScheduler(String name, ScheduledExecutorService timer, Executor work) {
        this.name = name;
        this.timer = timer;
        this.work = work;
    }

    @Override
    public void execute(Runnable command) {
        refuseWhenShutDown();
        work.execute(() -> runLogged(command));
    }

    private void runLogged(Runnable command) {
        try {
            command.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "task of " + name + " failed", e);
        }
    }

    private void refuseWhenShutDown() {
        if (shutdown) {
            throw new RejectedExecutionException(name + " is shut down");
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return start(new Task<>(command, null, 0), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return start(new Task<>(callable, 0), delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        if (period <= 0) {
            throw new IllegalArgumentException("period " + period + " must be positive");
        }
        return start(new Task<>(command, null, unit.toNanos(period)), initialDelay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        if (delay <= 0) {
            throw new IllegalArgumentException("delay " + delay + " must be positive");
        }
        return start(new Task<>(command, null, -unit.toNanos(delay)), initialDelay, unit);
    }

    private <V> Task<V> start(Task<V> task, long delay, TimeUnit unit) {
        refuseWhenShutDown();
        tasks.add(task);
        if (task.period > 0) {
            task.trigger = timer.scheduleAtFixedRate(task::fire, unit.toNanos(delay), task.period, TimeUnit.NANOSECONDS);
        } else {
            task.trigger = timer.schedule(task::fire, delay, unit);
        }
        if (shutdown) {
            task.cancel(false);
        }
        return task;
    }

    /** A task of this unit: fired by the shared timer, run on the work pool. */
    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        /** 0: once; positive: fixed rate; negative: fixed delay (nanoseconds). */
        final long period;
        volatile ScheduledFuture<?> trigger;
        private final AtomicBoolean running = new AtomicBoolean();

        Task(Runnable command, V result, long period) {
            super(command, result);
            this.period = period;
        }

        Task(Callable<V> callable, long period) {
            super(callable);
            this.period = period;
        }

        void fire() {
            if (isDone() || !running.compareAndSet(false, true)) {
                return;
            }
            try {
                work.execute(this::runOnce);
            } catch (RejectedExecutionException e) {
                running.set(false);
            }
        }

        private void runOnce() {
            try {
                if (period == 0) {
                    run();
                    tasks.remove(this);
                    return;
                }
                if (!runAndReset()) {
                    // It threw (logged by done()) or was cancelled: a periodic task ends there, as with a ScheduledThreadPoolExecutor.
                    cancel(false);
                    return;
                }
                if (period < 0 && !isDone() && !shutdown) {
                    trigger = timer.schedule(this::fire, -period, TimeUnit.NANOSECONDS);
                }
            } finally {
                running.set(false);
            }
        }

        @Override
        protected void setException(Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "task of " + name + " failed", t);
            super.setException(t);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            ScheduledFuture<?> current = trigger;
            if (current != null) {
                current.cancel(false);
            }
            tasks.remove(this);
            return cancelled;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            ScheduledFuture<?> current = trigger;
            return current == null ? 0 : current.getDelay(unit);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }

    @Override
    public void shutdown() {
        shutdownNow();
    }

    /** Cancels this unit's timers; tasks already running finish. */
    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        for (Task<?> task : List.copyOf(tasks)) {
            task.cancel(false);
        }
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }
}
