package org.secureta.srtp.mikey;

import java.util.Arrays;
import java.util.HexFormat;

/** The KV part of a Key data sub-payload (RFC 3830 section 6.13). */
sealed interface KeyValidity {

    int NULL_TYPE = 0;
    int SPI_TYPE = 1;
    int INTERVAL_TYPE = 2;

    int kvType();

    /** No usage restriction. */
    record None() implements KeyValidity {
        @Override
        public int kvType() {
            return NULL_TYPE;
        }
    }

    /** The key belongs to this SPI; for SRTP the SPI is the MKI (RFC 3830 6.13). */
    record Spi(byte[] spi) implements KeyValidity {
        public Spi {
            if (spi.length > 0xFF) {
                throw new IllegalArgumentException("SPI must fit 8 bits of length");
            }
            spi = spi.clone();
        }

        @Override
        public byte[] spi() {
            return spi.clone();
        }

        @Override
        public int kvType() {
            return SPI_TYPE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Spi s && Arrays.equals(s.spi, spi);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(spi);
        }

        @Override
        public String toString() {
            return "Spi[" + HexFormat.of().formatHex(spi) + "]";
        }
    }

    /**
     * Validity given as an SRTP index interval (RFC 3830 6.13, 6.14). Read and kept, not
     * enforced: the SRTP engine has no key lifetime by index.
     */
    record Interval(byte[] validFrom, byte[] validTo) implements KeyValidity {
        public Interval {
            if (validFrom.length > 0xFF || validTo.length > 0xFF) {
                throw new IllegalArgumentException("interval bounds must fit 8 bits of length");
            }
            validFrom = validFrom.clone();
            validTo = validTo.clone();
        }

        @Override
        public byte[] validFrom() {
            return validFrom.clone();
        }

        @Override
        public byte[] validTo() {
            return validTo.clone();
        }

        @Override
        public int kvType() {
            return INTERVAL_TYPE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Interval i && Arrays.equals(i.validFrom, validFrom) && Arrays.equals(i.validTo, validTo);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(validFrom) * 31 + Arrays.hashCode(validTo);
        }

        @Override
        public String toString() {
            return "Interval[" + HexFormat.of().formatHex(validFrom) + ".." + HexFormat.of().formatHex(validTo) + "]";
        }
    }
}
