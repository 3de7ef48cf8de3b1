package org.secureta.provisioning.ladder.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.secureta.provisioning.ladder.MessageTrace;
import org.secureta.provisioning.ladder.TracedMessage;
import org.secureta.transport.SipMessageListener;
import org.secureta.transport.SipMessageRecord;

/**
 * Keeps the last {@code capacity} SIP messages the transport reports (whiteboard
 * {@link SipMessageListener}). The transport thread never waits: a message takes the next slot of
 * a ring with one atomic increment, overwriting the oldest; readers copy the ring without locking
 * and skip a slot that was overwritten while they read it.
 */
@Component(service = {SipMessageListener.class, MessageTrace.class}, property = "capacity:Integer=2000")
public final class MessageTraceComponent implements SipMessageListener, MessageTrace {

    public static final int DEFAULT_CAPACITY = 2000;

    private record Slot(long sequence, TracedMessage message) {
    }

    private final AtomicReferenceArray<Slot> ring;
    private final AtomicLong next = new AtomicLong();

    public MessageTraceComponent(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + ": at least 1 message");
        }
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    @Activate
    public MessageTraceComponent(Map<String, Object> properties) {
        this(properties.get("capacity") instanceof Number n && n.intValue() > 0 ? n.intValue() : DEFAULT_CAPACITY);
    }

    @Override
    public void messageSeen(SipMessageRecord message) {
        TracedMessage traced;
        try {
            traced = TracedMessage.of(message);
        } catch (RuntimeException e) {
            // A record the trace cannot keep must never break the transport that reported it.
            return;
        }
        long sequence = next.getAndIncrement();
        ring.set((int) (sequence % ring.length()), new Slot(sequence, traced));
    }

    @Override
    public List<TracedMessage> messages() {
        long end = next.get();
        long start = Math.max(0, end - ring.length());
        List<TracedMessage> out = new ArrayList<>((int) (end - start));
        for (long sequence = start; sequence < end; sequence++) {
            Slot slot = ring.get((int) (sequence % ring.length()));
            // null: taken but not yet written; another sequence: overwritten meanwhile.
            if (slot != null && slot.sequence() == sequence) {
                out.add(slot.message());
            }
        }
        return out;
    }

    public int capacity() {
        return ring.length();
    }
}
