package org.secureta.srtp.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The per-SSRC state of one context (RFC 3711 3.2.3: the rollover counter and replay list belong to
 * one SSRC), looked up without boxing and with freed entries reused, so that a packet never
 * allocates. The most recent stream is found first: a call has one SSRC per direction.
 */
final class StreamTable<S extends StreamTable.Entry> {

    /** SSRCs one context follows at most. More are refused rather than evicting one: evicting would forget its replay list. */
    static final int MAX_STREAMS = 16;

    abstract static class Entry {
        int ssrc;
        boolean inUse;

        /** Forgets everything learnt about the previous SSRC of this entry. */
        abstract void clear();
    }

    private final List<S> entries = new ArrayList<>(MAX_STREAMS);
    private final Supplier<S> factory;
    private S last;

    StreamTable(Supplier<S> factory) {
        this.factory = factory;
    }

    /** The stream of {@code ssrc}, or null if the context has not seen it. */
    S find(int ssrc) {
        S recent = last;
        if (recent != null && recent.inUse && recent.ssrc == ssrc) {
            return recent;
        }
        for (int i = 0; i < entries.size(); i++) {
            S entry = entries.get(i);
            if (entry.inUse && entry.ssrc == ssrc) {
                last = entry;
                return entry;
            }
        }
        return null;
    }

    /** A cleared stream for a new {@code ssrc}, or null when {@link #MAX_STREAMS} are in use. */
    S claim(int ssrc) {
        S free = null;
        for (int i = 0; i < entries.size() && free == null; i++) {
            if (!entries.get(i).inUse) {
                free = entries.get(i);
            }
        }
        if (free == null) {
            if (entries.size() == MAX_STREAMS) {
                return null;
            }
            free = factory.get();
            entries.add(free);
        }
        free.clear();
        free.ssrc = ssrc;
        free.inUse = true;
        last = free;
        return free;
    }

    void release(S entry) {
        entry.inUse = false;
        entry.clear();
    }

    int size() {
        int count = 0;
        for (S entry : entries) {
            count += entry.inUse ? 1 : 0;
        }
        return count;
    }
}
