package org.secureta.srtp.mikey;

import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/** SRTP master key, salt and MKI of one crypto session, before a profile is attached. Secrets: never printed. */
final class TrafficKeys {

    private final byte[] masterKey;
    private final byte[] masterSalt;
    private final byte[] mki;

    TrafficKeys(byte[] masterKey, byte[] masterSalt, byte[] mki) {
        this.masterKey = masterKey.clone();
        this.masterSalt = masterSalt.clone();
        this.mki = mki.clone();
    }

    SrtpKeys withProfile(SrtpProfile profile) {
        return new SrtpKeys(profile, masterKey, masterSalt, mki);
    }

    @Override
    public String toString() {
        return "TrafficKeys[hidden]";
    }
}
