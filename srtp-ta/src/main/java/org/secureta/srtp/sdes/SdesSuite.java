package org.secureta.srtp.sdes;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * The SRTP crypto suites this unit negotiates with SDES (RFC 4568 section 6.2). F8_128_HMAC_SHA1_80
 * is a valid suite but is not offered nor accepted: AES-F8 is broken on the sending side of the SRTP
 * engine (interop notes), so it is reported as unsupported like any other unknown suite.
 */
public enum SdesSuite {
    AES_CM_128_HMAC_SHA1_80(SrtpProfile.AES_CM_128_HMAC_SHA1_80),
    AES_CM_128_HMAC_SHA1_32(SrtpProfile.AES_CM_128_HMAC_SHA1_32);

    /** Length of the inline key||salt of every suite here: 16-byte master key, 14-byte master salt. */
    public static final int KEY_SALT_LENGTH = SrtpProfile.MASTER_KEY_LENGTH + SrtpProfile.MASTER_SALT_LENGTH;

    private final SrtpProfile profile;

    SdesSuite(SrtpProfile profile) {
        this.profile = profile;
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * The suite with this name. RFC 4568 9.2 writes the names as ABNF quoted strings, which are
     * case-insensitive (RFC 5234 2.3), so {@code aes_cm_128_hmac_sha1_80} is the same suite.
     */
    public static Optional<SdesSuite> byName(String name) {
        return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The supported names, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
