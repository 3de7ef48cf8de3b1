package org.secureta.srtp.keymgmt;

/** SRTP crypto suites the unit uses (RFC 4568 section 6.2 names, RFC 3711 transforms). */
public enum SrtpProfile {
    AES_CM_128_HMAC_SHA1_80(true, 10),
    AES_CM_128_HMAC_SHA1_32(true, 4),
    /** NULL cipher with HMAC-SHA1 authentication (RFC 3711 4.1.3; "Null" encryption of the unit). */
    NULL_HMAC_SHA1_80(false, 10),
    NULL_HMAC_SHA1_32(false, 4);

    /** Master key and salt lengths of every suite here (RFC 3711 8.2). */
    public static final int MASTER_KEY_LENGTH = 16;
    public static final int MASTER_SALT_LENGTH = 14;

    private final boolean encrypted;
    private final int authTagLength;

    SrtpProfile(boolean encrypted, int authTagLength) {
        this.encrypted = encrypted;
        this.authTagLength = authTagLength;
    }

    public boolean encrypted() {
        return encrypted;
    }

    /** SRTP authentication tag length in bytes (SRTCP always uses 10). */
    public int authTagLength() {
        return authTagLength;
    }
}
