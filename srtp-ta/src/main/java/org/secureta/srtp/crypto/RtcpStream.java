package org.secureta.srtp.crypto;

/** SRTCP index of one source: the next one to send, or the replay list of those received (RFC 3711 3.4, 3.3.2). */
final class RtcpStream extends StreamTable.Entry {

    /** The SRTCP index is 31 bits; 2^31 packets per master key at most (RFC 3711 9.2). */
    static final long MAX_INDEX = 0x7FFF_FFFFL;

    final ReplayWindow window = new ReplayWindow();
    long nextIndex;

    @Override
    void clear() {
        window.clear();
        nextIndex = 0;
    }
}
