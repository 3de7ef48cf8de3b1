package org.secureta.srtp.mikey;

import java.util.Arrays;

/** The V payload (RFC 3830 section 6.9) that ends a verification message. */
record Verification(MacAlgorithm algorithm, byte[] macValue) implements Payload {

    Verification {
        if (macValue.length != algorithm.macLength()) {
            throw new IllegalArgumentException(algorithm.label() + " verification data must be " + algorithm.macLength()
                    + " bytes, not " + macValue.length);
        }
        macValue = macValue.clone();
    }

    @Override
    public byte[] macValue() {
        return macValue.clone();
    }

    @Override
    public PayloadType type() {
        return PayloadType.V;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Verification v && v.algorithm == algorithm && Arrays.equals(v.macValue, macValue);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Arrays.hashCode(macValue);
    }

    @Override
    public String toString() {
        return "Verification[" + algorithm.label() + "]";
    }
}
