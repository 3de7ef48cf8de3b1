package org.secureta.launcher.decrypt;

import java.util.List;
import java.util.OptionalInt;
import org.secureta.srtp.keymgmt.SrtpKeys;

/**
 * Keys that may decrypt a stream of the capture, with where they came from. A stream is bound to
 * the candidate whose key authenticates its first packet (RFC 3711 3.3 step 5), which needs no
 * guess about who sent what: an SDES key is its SDP author's sending key (RFC 4568 6.1), a MIKEY
 * crypto session keys both directions, told apart by SSRC.
 *
 * @param method SDES, MIKEY or "key log"
 * @param origin where the key was found, for the summary (never the key itself)
 * @param keys the master key(s); several when they are told apart by MKI
 * @param ssrc the SSRC the key is for, when the keying said so
 * @param roc the rollover counter the stream starts at (MIKEY's crypto session map; else 0)
 */
record KeyCandidate(String method, String origin, List<SrtpKeys> keys, OptionalInt ssrc, int roc) {

    KeyCandidate {
        keys = List.copyOf(keys);
    }

    boolean fits(int packetSsrc) {
        return ssrc.isEmpty() || ssrc.getAsInt() == 0 || ssrc.getAsInt() == packetSsrc;
    }

    String suite() {
        return keys.get(0).profile().name();
    }
}
