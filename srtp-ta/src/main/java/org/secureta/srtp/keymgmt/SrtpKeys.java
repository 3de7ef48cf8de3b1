package org.secureta.srtp.keymgmt;

import java.util.Arrays;

/**
 * Master key material of one SRTP direction. Holds secrets: {@link #toString()} never shows them.
 *
 * @param mki master key identifier, empty when none (RFC 3711 3.1)
 * @param lifetime how many packets this master key may protect, 1..2^48 (RFC 4568 6.1 lifetime;
 *                 {@link #MAX_LIFETIME} when the key management announced none): SRTP and SRTCP
 *                 packets are counted separately, SRTCP being capped at 2^31 (RFC 3711 9.2)
 */
public record SrtpKeys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, byte[] mki, long lifetime) {

    /** RFC 3711 9.2: no master key protects more than 2^48 SRTP packets. */
    public static final long MAX_LIFETIME = 1L << 48;

    /** Keys without an announced lifetime: the SRTP maximum applies. */
    public SrtpKeys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, byte[] mki) {
        this(profile, masterKey, masterSalt, mki, MAX_LIFETIME);
    }

    public SrtpKeys {
        if (lifetime < 1 || lifetime > MAX_LIFETIME) {
            throw new IllegalArgumentException("lifetime must be 1..2^48 packets (RFC 3711 9.2), not " + lifetime);
        }
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
                && Arrays.equals(k.masterSalt, masterSalt) && Arrays.equals(k.mki, mki) && k.lifetime == lifetime;
    }

    @Override
    public int hashCode() {
        return profile.hashCode() * 31 + Arrays.hashCode(masterKey);
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + profile + ", mki=" + mki.length + " bytes"
                + (lifetime == MAX_LIFETIME ? "" : ", lifetime=" + lifetime) + ", key material hidden]";
    }
}
