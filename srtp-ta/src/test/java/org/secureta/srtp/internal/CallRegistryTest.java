package org.secureta.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The calls in progress that the call limits (SecureTA.MaxCalls, MaxCallsPerLine) and the
 * pending settings count: ended calls stay listed for ta:calls but do not count, and counting
 * never waits for a call that another thread is working on.
 */
class CallRegistryTest {

    @Test
    void endedCallsStayListedButOnlyCallsInProgressCountPerLineAndInAll() {
        CallRegistry registry = new CallRegistry(new CallRegistry.Numbers());
        Call ringing = call(registry, "1", CallState.Ringing);
        Call connected = call(registry, "2", CallState.Connected);
        call(registry, "1", CallState.Ended);
        call(registry, "2", CallState.Failed);

        assertEquals(4, registry.all().size());
        assertEquals(List.of(ringing, connected), registry.live(null));
        assertEquals(List.of(ringing), registry.live("1"));
        assertEquals(List.of(connected), registry.live("2"));
    }

    @Test
    void aCallEndingUnderItsOwnMonitorMakesTheCountDropAtOnce() {
        CallRegistry registry = new CallRegistry(new CallRegistry.Numbers());
        Call call = call(registry, "1", CallState.Connected);
        synchronized (call) {
            call.state = CallState.Ended;
        }
        assertEquals(List.of(), registry.live(null));
    }

    /**
     * A call's thread holds its call's monitor while it checks the limits or ends the call (which
     * asks whether pending settings can now apply); two calls doing so at once must not wait for
     * each other's monitor (they deadlocked when counting read each call's status).
     */
    @Test
    void countingTheCallsDoesNotWaitForACallAnotherThreadHolds() throws Exception {
        CallRegistry registry = new CallRegistry(new CallRegistry.Numbers());
        Call busy = call(registry, "1", CallState.Connected);
        call(registry, "1", CallState.Ringing);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (busy) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "holds call 1");
        holder.start();
        try {
            held.await();
            int live = CompletableFuture.supplyAsync(() -> registry.live(null).size()).get(5, TimeUnit.SECONDS);
            assertEquals(2, live);
        } finally {
            release.countDown();
            holder.join();
        }
    }

    private static Call call(CallRegistry registry, String line, CallState state) {
        Call call = new Call(registry.nextNumber(), "call-id-" + System.nanoTime(), true, line, "sip:peer@example.org", state);
        registry.add(call);
        return call;
    }
}
