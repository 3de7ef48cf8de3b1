package org.secureta.transport.internal;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.timers.SipTimer;

/**
 * JAIN-SIP's transaction and dialog timers (RFC 3261 17: Timer B, F, K, D...) on the one timer
 * thread all units share (named in {@code gov.nist.javax.sip.TIMER_CLASS_NAME}; JAIN-SIP's
 * default is a java.util.Timer thread per stack). Tasks run on that thread one at a time, as
 * they did on the stack's own timer; they are short: a timeout event goes on to the unit's
 * event executor at once ({@link JainSipEvents}). Stopping the stack cancels its tasks only.
 */
public final class SharedSipTimer implements SipTimer {

    private static final System.Logger LOG = System.getLogger(SharedSipTimer.class.getName());

    private final Set<SIPStackTimerTask> tasks = ConcurrentHashMap.newKeySet();
    private volatile boolean started;
    private String stackName = "";

    /** JAIN-SIP creates it by class name. */
    public SharedSipTimer() {
    }

    @Override
    public void start(SipStackImpl sipStack, Properties configurationProperties) {
        stackName = sipStack.getStackName();
        started = true;
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    @Override
    public boolean schedule(SIPStackTimerTask task, long delay) {
        refuseWhenStopped();
        tasks.add(task);
        task.setSipTimerTask(UnitThreads.timer().schedule(() -> {
            tasks.remove(task);
            run(task);
        }, delay, TimeUnit.MILLISECONDS));
        return true;
    }

    @Override
    public boolean scheduleWithFixedDelay(SIPStackTimerTask task, long delay, long period) {
        refuseWhenStopped();
        tasks.add(task);
        task.setSipTimerTask(UnitThreads.timer().scheduleWithFixedDelay(() -> run(task), delay, period, TimeUnit.MILLISECONDS));
        return true;
    }

    private void refuseWhenStopped() {
        if (!started) {
            // What JAIN-SIP's own timers do once stopped.
            throw new IllegalStateException("the SIP stack timer of " + stackName + " has been stopped");
        }
    }

    private void run(SIPStackTimerTask task) {
        try {
            task.runTask();
        } catch (RuntimeException e) {
            // Never let one stack's failing task end the timer thread all stacks share.
            LOG.log(System.Logger.Level.WARNING, "SIP stack timer task of " + stackName + " failed", e);
        }
    }

    @Override
    public boolean cancel(SIPStackTimerTask task) {
        tasks.remove(task);
        Object scheduled = task.getSipTimerTask();
        if (!(scheduled instanceof ScheduledFuture<?> future)) {
            return false;
        }
        task.cleanUpBeforeCancel();
        task.setSipTimerTask(null);
        return future.cancel(false);
    }

    @Override
    public void stop() {
        started = false;
        for (SIPStackTimerTask task : java.util.List.copyOf(tasks)) {
            cancel(task);
        }
        if (STACK_STOPPING_HERE.get()) {
            /*
             * JAIN-SIP 1.3.0-91's SIPTransactionStack.stopStack() sleeps a fixed second right after
             * this call, for its own timer and processor threads to wind down; it goes on at once
             * when the sleep is interrupted. A unit's stack has none of those threads by then (its
             * processors are stopped and their sockets closed just before, its timers are this
             * shared thread's), so the second only delayed every unit's stop: the stop of
             * the demo's two units took two seconds of its wall clock. The interrupt is armed only
             * on the thread of UnitStack.close, which clears it if the sleep did not consume it.
             */
            Thread.currentThread().interrupt();
        }
    }

    private static final ThreadLocal<Boolean> STACK_STOPPING_HERE = ThreadLocal.withInitial(() -> false);

    /**
     * Stops a stack without JAIN-SIP's fixed second of sleep (see {@link #stop()}), leaving the
     * calling thread's interrupt status as it was.
     */
    static void stopWithoutSleep(Runnable stopStack) {
        boolean interrupted = Thread.currentThread().isInterrupted();
        STACK_STOPPING_HERE.set(true);
        try {
            stopStack.run();
        } finally {
            STACK_STOPPING_HERE.set(false);
            // Clears an interrupt we armed that the sleep did not consume; restores a caller's own.
            boolean stillArmed = Thread.interrupted();
            if (interrupted) {
                Thread.currentThread().interrupt();
            } else if (stillArmed) {
                LOG.log(System.Logger.Level.DEBUG, "a SIP stack's stop did not reach JAIN-SIP's sleep");
            }
        }
    }
}
