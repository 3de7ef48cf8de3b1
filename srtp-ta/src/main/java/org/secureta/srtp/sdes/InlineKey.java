package org.secureta.srtp.sdes;

import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import org.secureta.srtp.keymgmt.SrtpKeys;
import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * One SRTP key parameter {@code inline:<key||salt>[|lifetime][|MKI:length]} (RFC 4568 6.1).
 * Holds a secret: {@link #toString()} never shows the key.
 *
 * @param keySalt the 16-byte master key followed by the 14-byte master salt
 */
public record InlineKey(byte[] keySalt, Optional<KeyLifetime> lifetime, Optional<Mki> mki) {

    public InlineKey {
        if (keySalt.length != SdesSuite.KEY_SALT_LENGTH) {
            throw new IllegalArgumentException("key||salt must be " + SdesSuite.KEY_SALT_LENGTH + " bytes, not " + keySalt.length);
        }
        keySalt = keySalt.clone();
    }

    public static InlineKey of(byte[] keySalt) {
        return new InlineKey(keySalt, Optional.empty(), Optional.empty());
    }

    @Override
    public byte[] keySalt() {
        return keySalt.clone();
    }

    public byte[] masterKey() {
        return Arrays.copyOfRange(keySalt, 0, SrtpProfile.MASTER_KEY_LENGTH);
    }

    public byte[] masterSalt() {
        return Arrays.copyOfRange(keySalt, SrtpProfile.MASTER_KEY_LENGTH, keySalt.length);
    }

    public SrtpKeys toSrtpKeys(SrtpProfile profile) {
        // RFC 4568 6.1: without a lifetime the default is the SRTP maximum (2^48).
        return new SrtpKeys(profile, masterKey(), masterSalt(), mki.map(Mki::bytes).orElse(new byte[0]),
                lifetime.map(KeyLifetime::packets).orElse(SrtpKeys.MAX_LIFETIME));
    }

    /** The key parameter as written in the attribute; contains the secret. */
    public String text() {
        StringBuilder out = new StringBuilder("inline:").append(Base64.getEncoder().encodeToString(keySalt));
        lifetime.ifPresent(l -> out.append('|').append(l.text()));
        mki.ifPresent(m -> out.append('|').append(m.text()));
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InlineKey k && Arrays.equals(k.keySalt, keySalt) && k.lifetime.equals(lifetime) && k.mki.equals(mki);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keySalt) * 31 + lifetime.hashCode() * 7 + mki.hashCode();
    }

    @Override
    public String toString() {
        return "inline:<key hidden>" + lifetime.map(l -> "|" + l.text()).orElse("") + mki.map(m -> "|" + m.text()).orElse("");
    }
}
