package org.secureta.srtp.sdes;

/** The sender's order of FEC and SRTP processing (RFC 4568 6.3.4, RFC 3711 10). */
public enum FecOrder {
    FEC_SRTP, SRTP_FEC
}
