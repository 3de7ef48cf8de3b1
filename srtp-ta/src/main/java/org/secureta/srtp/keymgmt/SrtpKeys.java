package org.secureta.srtp.keymgmt;

import java.util.Arrays;

/**
 * Master key material of one SRTP direction. Holds secrets: {@link #toString()} never shows them.
 *
 * @param mki master key identifier, empty when none (RFC 3711 3.1)
 */
public record SrtpKeys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, byte[] mki) {

    public SrtpKeys {
        if (masterKey.length != SrtpProfile.MASTER_KEY_LENGTH) {
            throw new IllegalArgumentException("master key must be " + SrtpProfile.MASTER_KEY_LENGTH + " bytes, not " + masterKey.length);
        }
        if (masterSalt.length != SrtpProfile.MASTER_SALT_LENGTH) {
            throw new IllegalArgumentException("master salt must be " + SrtpProfile.MASTER_SALT_LENGTH + " bytes, not " + masterSalt.length);
        }
        masterKey = masterKey.clone();
        masterSalt = masterSalt.clone();
        mki = mki.clone();
    }

    @Override
    public byte[] masterKey() {
        return masterKey.clone();
    }

    @Override
    public byte[] masterSalt() {
        return masterSalt.clone();
    }

    @Override
    public byte[] mki() {
        return mki.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpKeys k && k.profile == profile && Arrays.equals(k.masterKey, masterKey)
                && Arrays.equals(k.masterSalt, masterSalt) && Arrays.equals(k.mki, mki);
    }

    @Override
    public int hashCode() {
        return profile.hashCode() * 31 + Arrays.hashCode(masterKey);
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + profile + ", mki=" + mki.length + " bytes, key material hidden]";
    }
}
