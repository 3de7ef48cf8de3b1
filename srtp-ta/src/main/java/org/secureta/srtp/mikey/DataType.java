package org.secureta.srtp.mikey;

import java.util.Optional;

/** HDR data type, RFC 3830 section 6.1: which kind of MIKEY message this is. */
enum DataType {
    PSK_INIT(0, "Pre-shared key init"),
    PSK_VERIFICATION(1, "Pre-shared key verification"),
    PK_INIT(2, "Public-key init"),
    PK_VERIFICATION(3, "Public-key verification"),
    DH_INIT(4, "D-H init"),
    DH_RESPONSE(5, "D-H response"),
    ERROR(6, "Error");

    private final int code;
    private final String label;

    DataType(int code, String label) {
        this.code = code;
        this.label = label;
    }

    int code() {
        return code;
    }

    String label() {
        return label;
    }

    static Optional<DataType> of(int code) {
        for (DataType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
