package org.secureta.provisioning.ladder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.secureta.transport.SipMessageRecord;
import org.secureta.transport.SipMessageRecord.Direction;
import org.secureta.transport.Transport;

/**
 * Realistic SIP messages as a unit's transport reports them: built from the message text the
 * way the producer reads it (first line, Call-ID, CSeq, body), for the guide's cases.
 */
public final class SipExchanges {

    public static final String UNIT_A = "127.0.0.1:16000";
    public static final String UNIT_B = "127.0.0.2:5061";
    public static final String PROXY = "127.0.0.1:5061";
    public static final String TLS13 = "TLSv1.3 TLS_AES_256_GCM_SHA384 HostName ok";
    public static final String TLS13_SERVER = "TLSv1.3 TLS_AES_256_GCM_SHA384 client not verified";
    /** RFC 4568's example key: must never be shown. */
    public static final String SDES_KEY = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";
    public static final byte[] MIKEY_MESSAGE = new byte[96];
    public static final String MIKEY_BASE64;

    static {
        for (int i = 0; i < MIKEY_MESSAGE.length; i++) {
            MIKEY_MESSAGE[i] = (byte) (i * 37 + 11);
        }
        MIKEY_BASE64 = Base64.getEncoder().encodeToString(MIKEY_MESSAGE);
    }

    public static final Instant T0 = Instant.parse("2026-11-27T02:10:00.000Z");

    private SipExchanges() {
    }

    public static String sdesOffer() {
        return "v=0\r\no=100 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 5004 RTP/SAVP 0 8\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SDES_KEY + "|2^20|1:4\r\n"
                + "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + SDES_KEY + "\r\na=sendrecv\r\n";
    }

    public static String sdesAnswer() {
        return "v=0\r\no=200 7 7 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\n"
                + "m=audio 5006 RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SDES_KEY + "|2^20|1:4\r\n";
    }

    public static String mikeyOffer() {
        return "v=0\r\no=100 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "a=key-mgmt:mikey " + MIKEY_BASE64 + "\r\n"
                + "m=audio 5004 RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    }

    public static String message(String firstLine, String callId, String cseq, String body) {
        String headers = firstLine + "\r\nVia: SIP/2.0/TLS 127.0.0.1:16000;branch=z9hG4bK776asdhds\r\n"
                + "From: <sip:100@127.0.0.1>;tag=1928301774\r\nTo: <sip:200@127.0.0.2>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: " + cseq + "\r\nMax-Forwards: 70\r\n";
        return body.isEmpty() ? headers + "Content-Length: 0\r\n\r\n"
                : headers + "Content-Type: application/sdp\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** The record the transport reports for the SIP message {@code text}. */
    public static SipMessageRecord record(Instant time, Direction direction, String local, String remote, Transport transport,
                                   String security, String text) {
        int end = text.indexOf("\r\n\r\n");
        String[] head = text.substring(0, end).split("\r\n");
        String callId = "";
        String cseq = "";
        for (String h : head) {
            if (h.startsWith("Call-ID:")) {
                callId = h.substring(8).strip();
            } else if (h.startsWith("CSeq:")) {
                cseq = h.substring(5).strip();
            }
        }
        return new SipMessageRecord(time, direction, local, remote, transport, security, head[0], callId, cseq, text.substring(end + 4));
    }

    /**
     * Unit A calls unit B over TLS with SDES (the guide's two units without a proxy), as unit A's
     * trace sees it ({@code side} SENT) or as unit B's does: every message, mirrored.
     */
    public static List<SipMessageRecord> sdesCall(String callId, boolean asSeenByA, long startMillis) {
        List<SipMessageRecord> out = new ArrayList<>();
        String[][] flow = {
            {"A", "INVITE sip:200@127.0.0.2:5061;transport=tls SIP/2.0", "1 INVITE", "offer"},
            {"B", "SIP/2.0 100 Trying", "1 INVITE", ""},
            {"B", "SIP/2.0 180 Ringing", "1 INVITE", ""},
            {"B", "SIP/2.0 200 OK", "1 INVITE", "answer"},
            {"A", "ACK sip:200@127.0.0.2:5061;transport=tls SIP/2.0", "1 ACK", ""},
            {"A", "BYE sip:200@127.0.0.2:5061;transport=tls SIP/2.0", "2 BYE", ""},
            {"B", "SIP/2.0 200 OK", "2 BYE", ""},
        };
        for (int i = 0; i < flow.length; i++) {
            String[] step = flow[i];
            String body = step[3].equals("offer") ? sdesOffer() : step[3].equals("answer") ? sdesAnswer() : "";
            boolean fromA = step[0].equals("A");
            // the receiver sees it a millisecond later
            Instant time = T0.plusMillis(startMillis + i * 100L + (fromA == asSeenByA ? 0 : 1));
            Direction direction = fromA == asSeenByA ? Direction.SENT : Direction.RECEIVED;
            String local = asSeenByA ? UNIT_A : UNIT_B;
            String remote = asSeenByA ? UNIT_B : UNIT_A;
            out.add(record(time, direction, local, remote, Transport.TLS, asSeenByA ? TLS13 : TLS13_SERVER,
                    message(step[1], callId, step[2], body)));
        }
        return out;
    }

    public static List<TracedMessage> traced(List<SipMessageRecord> records) {
        return records.stream().map(TracedMessage::of).toList();
    }
}
