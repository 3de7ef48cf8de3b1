package org.secureta.srtp.crypto;

/** Rollover counter and replay list of one SRTP source (RFC 3711 3.3.1, 3.3.2). */
final class RtpStream extends StreamTable.Entry {

    /** The packet index is 48 bits: ROC (32) || SEQ (16). */
    static final long MAX_INDEX = (1L << 48) - 1;

    private final ReplayWindow window = new ReplayWindow();
    /** ROC to assume for the first packet: 0, or what key management announced (MIKEY carries it). */
    private long initialRoc;

    void expectRolloverCounter(long roc) {
        initialRoc = roc;
    }

    /**
     * The index of the packet with sequence number {@code seq}, guessed as in RFC 3711 appendix A
     * from the highest index accepted so far; -1 for a packet that would precede index 0.
     */
    long estimateIndex(int seq) {
        if (window.isEmpty()) {
            // 3.3.1: the first packet sets s_l; its ROC is the one we were told, else 0.
            return initialRoc << 16 | seq;
        }
        long highest = window.highest();
        long roc = highest >>> 16;
        int sl = (int) (highest & 0xFFFF);
        long v;
        if (sl < 0x8000) {
            v = seq - sl > 0x8000 ? roc - 1 : roc;
        } else {
            v = sl - 0x8000 > seq ? roc + 1 : roc;
        }
        return v < 0 ? -1 : v << 16 | seq;
    }

    boolean isFresh(long index) {
        return index >= 0 && window.isFresh(index);
    }

    /** Updates ROC and s_l (3.3.1) and the replay list once the packet is authentic. */
    void accept(long index) {
        window.accept(index);
    }

    @Override
    void clear() {
        window.clear();
        initialRoc = 0;
    }
}
