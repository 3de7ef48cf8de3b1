package org.secureta.srtp.internal;

import java.security.SecureRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * When a call renews its keys: at once when the sending key nears its lifetime, and again after a
 * 491 with the RFC 3261 14.1 back-off: the owner of the Call-ID (the caller) waits 2.1 to 4 s,
 * the other side 0 to 2 s, so that the other side's re-INVITE goes first and the two do not
 * collide again.
 */
final class KeyRenewal {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ScheduledExecutorService scheduler;
    private final Consumer<Call> renew;

    KeyRenewal(ScheduledExecutorService scheduler, Consumer<Call> renew) {
        this.scheduler = scheduler;
        this.renew = renew;
    }

    /** The back-off of RFC 3261 14.1, in milliseconds, for the side that owns the Call-ID or not. */
    static long glareDelayMillis(boolean ownsCallId, SecureRandom random) {
        return ownsCallId ? 2100 + random.nextInt(1900) : random.nextInt(2000);
    }

    /** Our renewal met the peer's re-INVITE (491): tries again after the back-off; returns the delay. */
    long retryAfterGlare(Call call) {
        long delay = glareDelayMillis(call.outgoing, RANDOM);
        scheduler.schedule(() -> renew.accept(call), delay, TimeUnit.MILLISECONDS);
        return delay;
    }
}
