package org.secureta.provisioning.ladder;

import java.time.Instant;
import org.secureta.transport.Transport;

/**
 * A message of a ladder, from one column to another.
 *
 * @param from      column index of the sender
 * @param to        column index of the receiver
 * @param label     {@code INVITE}, {@code 180 Ringing}, {@code 415 Unsupported Media Type}
 * @param security  the verdict text(s) reported for the hop; both ends' when they differ
 * @param sdp       the offer or answer summary ({@code offer RTP/SAVP SDES AES_CM_128_HMAC_SHA1_80}),
 *                  empty without SDP
 * @param seenBy    1 when one unit's trace saw it, 2 when the sending and the receiving unit did
 */
public record Arrow(int from, int to, Instant time, String label, String cseq, Transport transport, String security,
                    HopSecurity verdict, String sdp, int seenBy) {

    /** {@code TLS TLSv1.3 TLS_AES_256_GCM_SHA384 HostName ok}, {@code UDP (not secure)}. */
    public String hop() {
        if (verdict == HopSecurity.INSECURE || security.isBlank() || security.equals("none")) {
            return transport + " (" + verdict.text() + ")";
        }
        return transport + " " + security + (verdict == HopSecurity.SECURE ? "" : " (" + verdict.text() + ")");
    }
}
