package org.secureta.srtp.mikey;

import java.util.Arrays;

/**
 * A General Extension payload (RFC 3830 section 6.15). Kept as read and otherwise ignored: none
 * of the registered extension types changes pre-shared-key keying of SRTP.
 */
record GeneralExtension(int extensionType, byte[] data) implements Payload {

    GeneralExtension {
        if (extensionType < 0 || extensionType > 0xFF || data.length > 0xFFFF) {
            throw new IllegalArgumentException("extension type must fit 8 bits and data 16 bits");
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public PayloadType type() {
        return PayloadType.GENERAL_EXTENSION;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeneralExtension g && g.extensionType == extensionType && Arrays.equals(g.data, data);
    }

    @Override
    public int hashCode() {
        return extensionType * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "GeneralExtension[type=" + extensionType + ", " + data.length + " bytes]";
    }
}
