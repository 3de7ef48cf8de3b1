package org.secureta.provisioning.ladder;

import java.time.Instant;
import java.util.Objects;
import org.secureta.transport.SipMessageRecord;
import org.secureta.transport.SipMessageRecord.Direction;
import org.secureta.transport.Transport;

/**
 * One SIP message as a trace keeps it: a {@link SipMessageRecord} whose body has had its key
 * material removed ({@link KeyMaterialRedaction}) the moment it was made, so that no trace
 * line, ladder, SVG or web page can show a key, whatever its source.
 */
public record TracedMessage(Instant time, Direction direction, String local, String remote, Transport transport,
                            String security, String firstLine, String callId, String cseq, String body) {

    /** A trace keeps this much of a body; SDP is far shorter, and a huge body must not fill the memory. */
    public static final int MAX_BODY = 8192;

    public TracedMessage {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(firstLine, "firstLine");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(cseq, "cseq");
        // Redact before cutting: a cut could leave half a key where the redaction no longer sees it.
        body = KeyMaterialRedaction.redact(Objects.requireNonNull(body, "body"));
        if (body.length() > MAX_BODY + 64) {
            body = body.substring(0, MAX_BODY) + "\n[" + (body.length() - MAX_BODY) + " characters not kept]";
        }
    }

    public static TracedMessage of(SipMessageRecord r) {
        return new TracedMessage(r.time(), r.direction(), r.local(), r.remote(), r.transport(), r.security(), r.firstLine(),
                r.callId(), r.cseq(), r.body());
    }

    public boolean isRequest() {
        return !firstLine.startsWith("SIP/");
    }

    /** The address the message left from. */
    public String from() {
        return direction == Direction.SENT ? local : remote;
    }

    /** The address the message went to. */
    public String to() {
        return direction == Direction.SENT ? remote : local;
    }

    /** {@code INVITE} for a request, {@code 180 Ringing} for a response. */
    public String label() {
        if (isRequest()) {
            int space = firstLine.indexOf(' ');
            return space < 0 ? firstLine : firstLine.substring(0, space);
        }
        int space = firstLine.indexOf(' ');
        return space < 0 ? firstLine : firstLine.substring(space + 1).strip();
    }

    /** The method of the request, or of the request a response answers (from CSeq). */
    public String method() {
        String c = cseq.strip();
        int space = c.indexOf(' ');
        return space < 0 ? c : c.substring(space + 1).strip();
    }

    /** The CSeq sequence number as written. */
    public String cseqNumber() {
        String c = cseq.strip();
        int space = c.indexOf(' ');
        return space < 0 ? c : c.substring(0, space);
    }
}
