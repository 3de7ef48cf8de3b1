package org.secureta.transport;

import java.time.Instant;
import java.util.Objects;

/**
 * One SIP message as the unit sent or received it: what a ladder diagram draws as an arrow.
 *
 * @param time        when the transport handed it over or got it
 * @param direction   sent by this unit or received by it
 * @param local       the unit's address of the message, {@code ip:port}
 * @param remote      the other end, {@code ip:port}
 * @param transport   the transport it travelled on (TLS, TCP or UDP)
 * @param security    the security verdict of the hop: for TLS the protocol, cipher suite and the
 *                    certificate check that passed ({@code TLSv1.3 TLS_AES_128_GCM_SHA256
 *                    HostName ok}); {@code none} for UDP/TCP; empty when not known yet
 * @param firstLine   the request or status line ({@code INVITE sip:200@host SIP/2.0},
 *                    {@code SIP/2.0 200 OK})
 * @param callId      the Call-ID
 * @param cseq        the CSeq header value ({@code 1 INVITE})
 * @param body        the message body (SDP) or empty; a REGISTER's Authorization never carries a
 *                    password, and no key material other than what SDP itself carries is added
 */
public record SipMessageRecord(Instant time, Direction direction, String local, String remote, Transport transport,
                               String security, String firstLine, String callId, String cseq, String body) {

    public enum Direction { SENT, RECEIVED }

    public SipMessageRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(firstLine, "firstLine");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(cseq, "cseq");
        Objects.requireNonNull(body, "body");
    }

    public boolean isRequest() {
        return !firstLine.startsWith("SIP/");
    }

    /** The method of a request, or of the request a response answers (from CSeq). */
    public String method() {
        int space = cseq.indexOf(' ');
        return space < 0 ? cseq : cseq.substring(space + 1).strip();
    }

    /** The status code of a response, 0 for a request. */
    public int statusCode() {
        if (isRequest()) {
            return 0;
        }
        String[] parts = firstLine.split(" ", 3);
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
