package org.secureta.srtp.mikey;

/** KEMAC "MAC alg" and V payload "Auth alg" (RFC 3830 sections 6.2 and 6.9). */
enum MacAlgorithm {
    NULL(0, "NULL", 0),
    HMAC_SHA_1_160(1, "HMAC-SHA-1-160", 20);

    private final int code;
    private final String label;
    private final int macLength;

    MacAlgorithm(int code, String label, int macLength) {
        this.code = code;
        this.label = label;
        this.macLength = macLength;
    }

    int code() {
        return code;
    }

    String label() {
        return label;
    }

    /** Length in bytes of the MAC field that follows the algorithm byte. */
    int macLength() {
        return macLength;
    }

    static MacAlgorithm of(int code) {
        for (MacAlgorithm a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        return null;
    }
}
