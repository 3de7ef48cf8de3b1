package org.secureta.srtp;

/** Mipt.DefaultSecurityRtpMode. */
public enum RtpMode {
    /** Plain RTP, RTP/AVP. */
    Unsecure,
    /** SRTP only, RTP/SAVP; an offer without security is refused. */
    Secure,
    /** Offer SRTP, accept plain RTP when the peer has no security. */
    SecureWithFallback
}
