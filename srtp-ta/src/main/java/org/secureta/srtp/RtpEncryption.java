package org.secureta.srtp;

/** Mipt.DefaultSecurityRtpEncryption. */
public enum RtpEncryption {
    /** Authenticated but unencrypted SRTP, for debugging (MIKEY only, as on the unit). */
    Null,
    /** AES in counter mode, 128-bit key (RFC 3711 4.1.1). */
    AesCm128
}
