package org.secureta.srtp.mikey;

import java.util.Optional;

/** The "next payload" values of RFC 3830 section 6.1 (the common header itself has none). */
enum PayloadType {
    LAST(0, "Last"),
    KEMAC(1, "KEMAC"),
    PKE(2, "PKE"),
    DH(3, "DH"),
    SIGN(4, "SIGN"),
    T(5, "T"),
    ID(6, "ID"),
    CERT(7, "CERT"),
    CHASH(8, "CHASH"),
    V(9, "V"),
    SP(10, "SP"),
    RAND(11, "RAND"),
    ERR(12, "ERR"),
    KEY_DATA(20, "Key data"),
    GENERAL_EXTENSION(21, "General Extension");

    private final int code;
    private final String label;

    PayloadType(int code, String label) {
        this.code = code;
        this.label = label;
    }

    int code() {
        return code;
    }

    /** The payload's name as RFC 3830 writes it, used in error messages. */
    String label() {
        return label;
    }

    static Optional<PayloadType> of(int code) {
        for (PayloadType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
