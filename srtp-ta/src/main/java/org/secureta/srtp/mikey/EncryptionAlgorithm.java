package org.secureta.srtp.mikey;

/** KEMAC "Encr alg" (RFC 3830 section 6.2). AES key wrap is registered but not implemented here. */
enum EncryptionAlgorithm {
    NULL(0, "NULL"),
    AES_CM_128(1, "AES-CM-128"),
    AES_KW_128(2, "AES-KW-128");

    private final int code;
    private final String label;

    EncryptionAlgorithm(int code, String label) {
        this.code = code;
        this.label = label;
    }

    int code() {
        return code;
    }

    String label() {
        return label;
    }

    static EncryptionAlgorithm of(int code) {
        for (EncryptionAlgorithm a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        return null;
    }
}
