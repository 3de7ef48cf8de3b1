package org.secureta.srtp.crypto;

/**
 * The replay list of RFC 3711 3.3.2 as a sliding bitmap of the 64 most recent indices (the
 * minimum window size the RFC allows is 64). The highest accepted index doubles as the receiver's
 * s_l and ROC of RFC 3711 3.3.1.
 */
final class ReplayWindow {

    static final int SIZE = 64;

    private long highest = -1;
    /** Bit d is set when index {@code highest - d} has been accepted. */
    private long seen;

    boolean isEmpty() {
        return highest < 0;
    }

    /** The highest index accepted so far, -1 before the first. */
    long highest() {
        return highest;
    }

    /** Whether {@code index} was neither accepted before nor fell behind the window. */
    boolean isFresh(long index) {
        if (index > highest) {
            return true;
        }
        long age = highest - index;
        return age < SIZE && (seen & (1L << age)) == 0;
    }

    /** Records an index that passed {@link #isFresh} and authentication. */
    void accept(long index) {
        if (index > highest) {
            long shift = index - highest;
            seen = shift >= SIZE ? 1L : seen << shift | 1L;
            highest = index;
        } else {
            seen |= 1L << (highest - index);
        }
    }

    void clear() {
        highest = -1;
        seen = 0;
    }
}
