package org.secureta.srtp.crypto;

import java.util.List;

import org.secureta.srtp.keymgmt.SrtpKeys;

/**
 * The master keys of one SRTP or SRTCP crypto context and the rules both apply to a received
 * packet before its tag is checked, kept in one place so that SRTP and SRTCP cannot drift apart:
 * the MKI names the key (RFC 3711 3.3 step 3; with one key, the packet must carry that key's MKI,
 * if any), then the replay list (step 4, 3.3.2), then the key's lifetime (9.2: a key past it must
 * not accept packets either). Not thread-safe, like the context that owns it.
 */
final class KeyRing {

    private final MasterKey[] keys;
    /** The key a sending context protects with, and whose lifetime a context reports. */
    final MasterKey current;
    final int mkiLength;

    private KeyRing(MasterKey[] keys) {
        this.keys = keys;
        this.current = keys[0];
        this.mkiLength = current.mki.length;
    }

    /**
     * @param srtcp whether the keys are for SRTCP (session keys and lifetime cap differ)
     * @throws IllegalArgumentException naming the key and what is wrong with it (see {@link MasterKey#ring})
     */
    static KeyRing of(List<SrtpKeys> keys, boolean srtcp) {
        return new KeyRing(MasterKey.ring(keys, srtcp));
    }

    /** The key whose MKI ends the authenticated portion at {@code mkiAt}, or null (UNKNOWN_MKI). */
    MasterKey keyFor(byte[] packet, int mkiAt) {
        if (mkiLength == 0) {
            // No MKI field (RFC 3711 3.1: then the context has one master key): nothing to compare,
            // and no walk through the key array and an empty MKI on every packet.
            return current;
        }
        return keys.length == 1 ? (current.identifiedBy(packet, mkiAt) ? current : null) : MasterKey.find(keys, packet, mkiAt);
    }

    /**
     * The failure of a received packet before its tag is checked, or null when the tag decides.
     *
     * @param key         {@link #keyFor}'s answer
     * @param fresh       whether the packet's index is not in the stream's replay list
     * @param indexInRange whether the packet's index can be used at all (SRTP: below 2^48)
     */
    static SrtpFailure beforeTag(MasterKey key, boolean fresh, boolean indexInRange) {
        if (key == null) {
            return SrtpFailure.UNKNOWN_MKI;
        }
        if (!fresh) {
            return SrtpFailure.REPLAYED;
        }
        if (!indexInRange || key.exhausted()) {
            return SrtpFailure.KEY_EXHAUSTED;
        }
        return null;
    }

    int size() {
        return keys.length;
    }

    long lifetime() {
        return current.lifetime;
    }

    long packetsLeft() {
        return current.lifetime - current.used;
    }

    /** For {@code toString()}: never key material. */
    String describe() {
        return MasterKey.describe(keys);
    }
}
