package org.secureta.srtp.mikey;

import org.secureta.srtp.keymgmt.SrtpProfile;

/**
 * An SP payload with protocol type SRTP (RFC 3830 sections 6.10 and 6.10.1), reduced to the
 * choices the SRTP engine offers: AES-CM or NULL encryption, HMAC-SHA-1 with an 80- or 32-bit
 * tag, 16-byte keys, 14-byte salts, key derivation rate 0, no FEC reordering and no prefix. The
 * decoder rejects every other value with the parameter's name, offset and the allowed values.
 *
 * @param aesCm           SRTP encryption algorithm AES-CM (true) or NULL (false)
 * @param srtpEncryption  parameter 7, SRTP encryption on
 * @param srtcpEncryption parameter 8, SRTCP encryption on
 * @param authTagLength   parameter 11, in bytes: 10 or 4
 */
record SrtpPolicy(int policyNo, boolean aesCm, boolean srtpEncryption, boolean srtcpEncryption, int authTagLength)
        implements Payload {

    static final int PROT_TYPE_SRTP = 0;

    // SRTP policy parameter types, RFC 3830 6.10.1.
    static final int ENCRYPTION_ALGORITHM = 0;
    static final int ENCRYPTION_KEY_LENGTH = 1;
    static final int AUTHENTICATION_ALGORITHM = 2;
    static final int AUTHENTICATION_KEY_LENGTH = 3;
    static final int SALT_KEY_LENGTH = 4;
    static final int SRTP_PRF = 5;
    static final int KEY_DERIVATION_RATE = 6;
    static final int SRTP_ENCRYPTION = 7;
    static final int SRTCP_ENCRYPTION = 8;
    static final int FEC_ORDER = 9;
    static final int SRTP_AUTHENTICATION = 10;
    static final int AUTH_TAG_LENGTH = 11;
    static final int PREFIX_LENGTH = 12;

    static final int ALG_NULL = 0;
    static final int ALG_AES_CM = 1;
    static final int ALG_AES_F8 = 2;
    static final int AUTH_HMAC_SHA_1 = 1;
    static final int KEY_LENGTH = 16;
    static final int AUTH_KEY_LENGTH = 20;
    static final int SALT_LENGTH = 14;

    SrtpPolicy {
        if (policyNo < 0 || policyNo > 0xFF) {
            throw new IllegalArgumentException("policy number must fit 8 bits, not " + policyNo);
        }
        if (authTagLength != 10 && authTagLength != 4) {
            throw new IllegalArgumentException("authentication tag length must be 10 or 4, not " + authTagLength);
        }
    }

    /** The RFC 3830 6.10.1 defaults, which apply to a crypto session whose policy was not sent. */
    static SrtpPolicy defaults(int policyNo) {
        return new SrtpPolicy(policyNo, true, true, true, 10);
    }

    static SrtpPolicy forProfile(int policyNo, SrtpProfile profile) {
        return new SrtpPolicy(policyNo, profile.encrypted(), profile.encrypted(), profile.encrypted(), profile.authTagLength());
    }

    /** Whether SRTP payloads are actually encrypted under this policy. */
    boolean encrypts() {
        return aesCm && srtpEncryption;
    }

    /**
     * The SRTP profile this policy selects. The SRTP engine encrypts SRTP and SRTCP alike, so a
     * policy that encrypts one and not the other cannot be honoured.
     */
    SrtpProfile profile() throws MikeyException {
        if (aesCm && srtpEncryption != srtcpEncryption) {
            throw new MikeyException("SP payload (policy " + policyNo + "): SRTP encryption " + onOff(srtpEncryption)
                    + " with SRTCP encryption " + onOff(srtcpEncryption)
                    + " is not supported; both must be on, or the encryption algorithm NULL");
        }
        boolean encrypted = encrypts();
        if (authTagLength == 10) {
            return encrypted ? SrtpProfile.AES_CM_128_HMAC_SHA1_80 : SrtpProfile.NULL_HMAC_SHA1_80;
        }
        return encrypted ? SrtpProfile.AES_CM_128_HMAC_SHA1_32 : SrtpProfile.NULL_HMAC_SHA1_32;
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    @Override
    public PayloadType type() {
        return PayloadType.SP;
    }
}
