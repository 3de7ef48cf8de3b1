package org.secureta.srtp.mikey;

/**
 * One entry of the SRTP-ID crypto session map (RFC 3830 section 6.1.1). CS IDs are implicit: the
 * first entry is CS ID 1. An SSRC of 0 means "not known yet", as RFC 4567 allows in an SDP offer.
 *
 * @param policyNo the SP payload (policy number) that applies to this crypto session
 * @param ssrc     the SRTP stream's SSRC, 0 when unknown
 * @param roc      the SRTP rollover counter the stream starts at
 */
record CryptoSession(int policyNo, int ssrc, int roc) {

    CryptoSession {
        if (policyNo < 0 || policyNo > 0xFF) {
            throw new IllegalArgumentException("policy number must fit 8 bits, not " + policyNo);
        }
    }
}
