package org.secureta.srtp.crypto;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * One master key of a crypto context as the packet path uses it (RFC 3711 3.2.1): its MKI, the
 * cipher and authenticator of its session keys, and how many packets it may still process. A
 * context holds one per key the peer may switch to by MKI; a sending context holds exactly one.
 * Not thread-safe, like the context that owns it.
 */
final class MasterKey {

    final byte[] mki;
    final PayloadCipher cipher;
    final HmacSha1Authenticator authenticator;
    final long lifetime;
    long used;

    private MasterKey(byte[] mki, SessionKeys session, long lifetime) {
        this.mki = mki;
        this.lifetime = lifetime;
        try {
            cipher = session.cipher();
            authenticator = new HmacSha1Authenticator(session.authenticationKey());
        } finally {
            session.wipe();
        }
    }

    /** Whether the MKI field at {@code at} is this key's. */
    boolean identifiedBy(byte[] packet, int at) {
        return PacketFields.regionEquals(packet, at, mki);
    }

    boolean exhausted() {
        return used >= lifetime;
    }

    /**
     * The keys of one context, checked: one suite, and when there are several, an MKI of one length
     * on each, all distinct (RFC 4568 6.1: several keys need MKIs to be told apart).
     *
     * @param srtcp whether the keys are for SRTCP (session keys and lifetime cap differ)
     * @throws IllegalArgumentException naming the key and what is wrong with it
     */
    static MasterKey[] ring(List<SrtpKeys> keys, boolean srtcp) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a receiving context needs at least one master key");
        }
        SrtpProfile profile = keys.get(0).profile();
        int mkiLength = keys.get(0).mki().length;
        List<String> seen = new ArrayList<>();
        MasterKey[] ring = new MasterKey[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            SrtpKeys key = keys.get(i);
            byte[] mki = SrtpContext.checkedMki(key);
            if (key.profile() != profile) {
                throw new IllegalArgumentException("master key " + (i + 1) + " is " + key.profile() + ", key 1 is " + profile
                        + ": one crypto context has one suite");
            }
            if (keys.size() > 1 && mki.length == 0) {
                throw new IllegalArgumentException("master key " + (i + 1) + " of " + keys.size() + " has no MKI: several keys need one each (RFC 4568 6.1)");
            }
            if (mki.length != mkiLength) {
                throw new IllegalArgumentException("master key " + (i + 1) + " has a " + mki.length + "-byte MKI, key 1 a " + mkiLength
                        + "-byte one: the MKIs of one context have one length (RFC 3711 3.1)");
            }
            String id = HexFormat.of().formatHex(mki);
            if (seen.contains(id)) {
                throw new IllegalArgumentException("master keys " + (seen.indexOf(id) + 1) + " and " + (i + 1) + " have the same MKI " + id);
            }
            seen.add(id);
            SessionKeys session = srtcp ? SessionKeys.forSrtcp(key) : SessionKeys.forSrtp(key);
            // RFC 3711 9.2: at most 2^31 SRTCP packets under one master key.
            long lifetime = srtcp ? Math.min(key.lifetime(), RtcpStream.MAX_INDEX + 1) : key.lifetime();
            ring[i] = new MasterKey(mki, session, lifetime);
        }
        return ring;
    }

    /** The key whose MKI is at {@code at} in the packet, or null. */
    static MasterKey find(MasterKey[] ring, byte[] packet, int at) {
        for (MasterKey key : ring) {
            if (key.identifiedBy(packet, at)) {
                return key;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "MasterKey[mki=" + mki.length + " bytes, lifetime=" + lifetime + ", used=" + used + ", key material hidden]";
    }

    static String describe(MasterKey[] ring) {
        return ring.length == 1 ? "mki=" + ring[0].mki.length + " bytes" : ring.length + " keys, mki=" + ring[0].mki.length + " bytes";
    }
}
