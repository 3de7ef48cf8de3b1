package org.secureta.srtp.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters written by the one thread that owns a context and read by any thread (call status).
 * Opaque access: no fence on the packet path, yet a reader never sees a torn or stale-forever value.
 */
final class PacketCounters {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int PROTECTED = 0;
    private static final int UNPROTECTED = 1;
    private static final int FAILURES = 2;

    private final long[] slots = new long[FAILURES + SrtpFailure.values().length];

    void countProtected() {
        increment(PROTECTED);
    }

    void countUnprotected() {
        increment(UNPROTECTED);
    }

    /** Counts the failure and hands its code back, so that a refusal reads {@code return counters.fail(...)}. */
    int fail(SrtpFailure failure) {
        increment(FAILURES + failure.ordinal());
        return failure.code();
    }

    SrtpCounters snapshot() {
        long other = 0;
        for (SrtpFailure failure : SrtpFailure.values()) {
            switch (failure) {
                case AUTHENTICATION_FAILED, REPLAYED, MALFORMED -> { }
                default -> other += read(FAILURES + failure.ordinal());
            }
        }
        return new SrtpCounters(read(PROTECTED), read(UNPROTECTED),
                read(FAILURES + SrtpFailure.AUTHENTICATION_FAILED.ordinal()),
                read(FAILURES + SrtpFailure.REPLAYED.ordinal()),
                read(FAILURES + SrtpFailure.MALFORMED.ordinal()), other);
    }

    private void increment(int slot) {
        SLOT.setOpaque(slots, slot, (long) SLOT.getOpaque(slots, slot) + 1);
    }

    private long read(int slot) {
        return (long) SLOT.getOpaque(slots, slot);
    }
}
