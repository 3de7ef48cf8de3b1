package org.secureta.srtp.crypto;

/** The SRTP/SRTCP encryption transform: an additive keystream applied in place (RFC 3711 4.1). */
interface PayloadCipher {

    /**
     * XORs the keystream of packet {@code index} from source {@code ssrc} over
     * {@code buffer[offset, offset + length)}; the same call encrypts and decrypts.
     */
    void transform(byte[] buffer, int offset, int length, int ssrc, long index);

    /**
     * Optionally sets up the keystream of packet {@code index} from source {@code ssrc} ahead of its
     * {@link #transform}, for a receiver to call before checking the tag: the counter block written
     * a tag check before the keystream is made from it is long stored by then, where written just
     * before it would stall the cipher's first load of it. A transform of another packet first
     * simply ignores it.
     */
    default void prepare(int ssrc, long index) {
    }
}
