package org.secureta.example.cdr;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One finished call, as a billing or monitoring system wants it: when it started, was answered
 * and ended, with whom, how it was protected, how much media flowed, and why it ended.
 *
 * @param call the unit's call number (restarts at 1 when the call agent restarts)
 * @param answer empty for a call that was never answered
 * @param keyManagement {@code Sdes}, {@code Mikey}, another key management's name, or {@code none}
 * @param suite the SRTP crypto suite, {@code none} for plain RTP
 */
record CallDetailRecord(String call, Instant start, Optional<Instant> answer, Instant end, String peer, boolean secure,
                        String keyManagement, String suite, long packetsSent, long packetsReceived, long authFailures,
                        String reason) {

    static final List<String> COLUMNS = List.of("call", "start", "answer", "end", "peer", "secure", "key_management", "suite",
            "packets_sent", "packets_received", "auth_failures", "reason");

    static String header() {
        return String.join(",", COLUMNS);
    }

    /** One CSV line (RFC 4180), without the line break. */
    String toCsv() {
        return String.join(",", List.of(
                field(call), start.toString(), answer.map(Instant::toString).orElse(""), end.toString(), field(peer),
                secure ? "yes" : "no", field(keyManagement), field(suite), Long.toString(packetsSent),
                Long.toString(packetsReceived), Long.toString(authFailures), field(reason)));
    }

    /**
     * RFC 4180 section 2: a field with a comma, a double quote or a line break is quoted, its
     * quotes doubled. A field starting with a formula character is quoted too, and prefixed with
     * an apostrophe, so that a spreadsheet opening the file never runs a peer-supplied text.
     */
    static String field(String value) {
        String v = value;
        boolean formula = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0;
        if (formula) {
            v = "'" + v;
        }
        if (formula || v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
