package org.secureta.srtp.mikey;

import java.util.Arrays;

/**
 * The KEMAC payload (RFC 3830 section 6.2): the Key data sub-payloads, encrypted with the
 * encryption key derived from the pre-shared key, and a MAC over the whole message up to and
 * including the MAC algorithm field. With NULL encryption {@code encryptedData} is the plain
 * key material, so this type never prints it.
 */
record Kemac(EncryptionAlgorithm encryption, byte[] encryptedData, MacAlgorithm mac, byte[] macValue) implements Payload {

    Kemac {
        if (encryptedData.length > 0xFFFF) {
            throw new IllegalArgumentException("encrypted data must fit 16 bits of length, not " + encryptedData.length);
        }
        if (macValue.length != mac.macLength()) {
            throw new IllegalArgumentException(mac.label() + " MAC must be " + mac.macLength() + " bytes, not " + macValue.length);
        }
        encryptedData = encryptedData.clone();
        macValue = macValue.clone();
    }

    @Override
    public byte[] encryptedData() {
        return encryptedData.clone();
    }

    @Override
    public byte[] macValue() {
        return macValue.clone();
    }

    @Override
    public PayloadType type() {
        return PayloadType.KEMAC;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Kemac k && k.encryption == encryption && k.mac == mac
                && Arrays.equals(k.encryptedData, encryptedData) && Arrays.equals(k.macValue, macValue);
    }

    @Override
    public int hashCode() {
        return encryption.hashCode() * 31 + Arrays.hashCode(encryptedData);
    }

    @Override
    public String toString() {
        return "Kemac[" + encryption.label() + ", " + encryptedData.length + " bytes hidden, " + mac.label() + "]";
    }
}
