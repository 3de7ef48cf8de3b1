package org.secureta.srtp.mikey;

import java.util.List;

/**
 * The MIKEY common header HDR (RFC 3830 section 6.1), restricted to what this implementation
 * speaks: version 1, PRF MIKEY-1 and the SRTP-ID crypto session map.
 *
 * @param verificationRequested the V bit: the initiator wants a verification message back
 * @param csbId                 the crypto session bundle ID, an unsigned 32-bit value
 */
record CommonHeader(DataType dataType, boolean verificationRequested, int csbId, List<CryptoSession> cryptoSessions) {

    static final int VERSION = 1;
    static final int PRF_MIKEY_1 = 0;
    static final int MAP_TYPE_SRTP_ID = 0;
    /** Fixed part (10 bytes) plus 9 bytes per crypto session of the SRTP-ID map. */
    static final int FIXED_LENGTH = 10;
    static final int SRTP_ID_ENTRY_LENGTH = 9;

    CommonHeader {
        cryptoSessions = List.copyOf(cryptoSessions);
        if (cryptoSessions.size() > 0xFF) {
            throw new IllegalArgumentException("at most 255 crypto sessions, not " + cryptoSessions.size());
        }
    }

    String csbIdHex() {
        return String.format("0x%08X", csbId);
    }
}
