package org.secureta.srtp;

/** Mipt.SessionUpdateCryptoMode: what a re-INVITE does to SDES keys. */
public enum CryptoUpdateMode {
    Regenerate, Keep
}
