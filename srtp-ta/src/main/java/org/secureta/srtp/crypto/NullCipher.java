package org.secureta.srtp.crypto;

/** The NULL cipher (RFC 3711 4.1.3): the keystream is all zeros, the payload travels in clear. */
final class NullCipher implements PayloadCipher {

    static final NullCipher INSTANCE = new NullCipher();

    private NullCipher() {
    }

    @Override
    public void transform(byte[] buffer, int offset, int length, int ssrc, long index) {
        // Nothing: authentication alone protects the packet.
    }
}
