package org.secureta.transport.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/**
 * A unit's SIP stack stops without JAIN-SIP's fixed second of sleep after its timer stops
 * (SIPTransactionStack.stopStack in 1.3.0-91), and the stopping thread's interrupt status is
 * left as the caller had it.
 */
class SharedSipTimerTest {

    /** What stopStack does: stop the timer, then sleep a second unless interrupted. */
    private static Runnable jainSipStop(SharedSipTimer timer, AtomicBoolean sleptTheSecond) {
        return () -> {
            timer.stop();
            try {
                Thread.sleep(60_000);
                sleptTheSecond.set(true);
            } catch (InterruptedException cutShort) {
                // JAIN-SIP catches it and goes on
            }
        };
    }

    @Test
    void theSleepAfterTheTimersStopIsCutShortAndTheThreadIsNotLeftInterrupted() {
        AtomicBoolean slept = new AtomicBoolean();
        SharedSipTimer.stopWithoutSleep(jainSipStop(new SharedSipTimer(), slept));
        assertFalse(slept.get(), "slept");
        assertFalse(Thread.currentThread().isInterrupted(), "the caller's thread is left interrupted");
    }

    @Test
    void aStopThatNeverSleepsLeavesNoInterruptBehind() {
        SharedSipTimer timer = new SharedSipTimer();
        SharedSipTimer.stopWithoutSleep(timer::stop);
        assertFalse(Thread.interrupted(), "an armed interrupt was left behind");
    }

    @Test
    void aCallersOwnInterruptSurvivesTheStop() {
        Thread.currentThread().interrupt();
        try {
            SharedSipTimer.stopWithoutSleep(jainSipStop(new SharedSipTimer(), new AtomicBoolean()));
            assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt was lost");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aTimerStoppedOutsideAUnitsCloseInterruptsNoOne() {
        new SharedSipTimer().stop();
        assertFalse(Thread.interrupted());
    }
}
