package org.secureta.srtp.crypto;

/** The SRTP/SRTCP encryption transform: an additive keystream applied in place (RFC 3711 4.1). */
interface PayloadCipher {

    /**
     * XORs the keystream of packet {@code index} from source {@code ssrc} over
     * {@code buffer[offset, offset + length)}; the same call encrypts and decrypts.
     */
    void transform(byte[] buffer, int offset, int length, int ssrc, long index);
}
