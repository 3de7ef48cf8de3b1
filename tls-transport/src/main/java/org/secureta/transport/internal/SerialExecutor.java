package org.secureta.transport.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in the order given, on a shared pool: a unit's JAIN-SIP events
 * reach it in order, as JAIN-SIP's own per-stack event scanner thread delivered them, without a
 * thread per unit. A task that throws is logged and the next one runs.
 */
final class SerialExecutor implements Executor {

    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

    private final Executor pool;
    private final String name;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    SerialExecutor(Executor pool, String name) {
        this.pool = pool;
        this.name = name;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (!tasks.isEmpty() && draining.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    private void drain() {
        try {
            Runnable task;
            // A bounded batch, then back to the pool's queue: one busy unit does not hold a pool thread forever.
            for (int i = 0; i < 64 && (task = tasks.poll()) != null; i++) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "task of " + name + " failed", e);
                }
            }
        } finally {
            draining.set(false);
            schedule();
        }
    }
}
