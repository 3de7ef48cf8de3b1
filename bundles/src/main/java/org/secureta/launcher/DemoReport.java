package org.secureta.launcher;

import java.io.PrintStream;
import java.util.List;

/**
 * The demo's closing report: the topology, the clocks, the TLS links and their certificate
 * checks, one line per call (key management, SRTP suite, packets sent/received/failed
 * authentication per side), the failed steps, and {@code RESULT: PASS} or {@code FAIL}.
 *
 * @param media the media engine both units' calls ran on (SecureTA.MediaEngine: Native or Libjitsi)
 * @param clocks one line per unit (its CLOCK event)
 * @param links one line per unit (its TLS_LINK event), empty if the units never came up
 * @param certificates what the TLS links' certificate checks were (the topology says), one line each
 * @param ladder the SIP message ladder of the calls, drawn by the ladder commands; empty: none
 */
record DemoReport(String topology, String media, List<String> clocks, List<String> links, List<String> certificates, List<CallOutcome> calls,
                  List<String> failures, String ladder) {

    int print(PrintStream out) {
        out.println();
        out.println("SecureTA demo report");
        out.println("  topology:     " + topology);
        out.println("  media engine: " + media + (media.equals("Libjitsi")
                ? " (SecureTA.MediaEngine=Libjitsi: RTP and RTCP of every call through libjitsi MediaStreams keyed by the unit's MIKEY/SDES)"
                : " (SecureTA.MediaEngine=Native: the unit's own media path)"));
        clocks.forEach(c -> out.println("  clock:        " + c));
        links.forEach(l -> out.println("  TLS link:     " + l));
        if (!links.isEmpty()) {
            for (int i = 0; i < certificates.size(); i++) {
                out.println((i == 0 ? "  certificates: " : "                ") + certificates.get(i));
            }
        }
        if (!calls.isEmpty()) {
            out.println("  calls:");
            out.printf("    %-6s %-14s %-26s %-8s %-22s %-22s %-18s %s%n", "keys", "call", "SRTP suite", "result",
                    "caller sent/recv/auth", "callee sent/recv/auth", "media caller/callee", "TLS (INVITE hop)");
            for (CallOutcome c : calls) {
                out.printf("    %-6s %-14s %-26s %-8s %-22s %-22s %-18s %s%n", c.keyManagement(), c.caller() + " -> " + c.callee(),
                        c.callerSide().suite(), c.passed() ? "secure" : "FAILED", counters(c.callerSide()), counters(c.calleeSide()),
                        c.callerSide().media() + "/" + c.calleeSide().media(), c.tls().isEmpty() ? "(not reported by the transport)" : c.tls());
            }
            out.println("    (auth: packets that failed SRTP authentication; audio decrypted: the peer's tone detected in "
                    + "caller " + calls.stream().map(c -> Long.toString(c.callerSide().toneFrames())).toList()
                    + " / callee " + calls.stream().map(c -> Long.toString(c.calleeSide().toneFrames())).toList() + " frames)");
        }
        // The message ladder of the calls goes here (ta:ladder), when the lead wires it in.
        if (!ladder.isEmpty()) {
            out.println("  message ladder:");
            ladder.lines().forEach(l -> out.println("    " + l));
        }
        if (failures.isEmpty()) {
            out.println("RESULT: PASS");
            return Main.OK;
        }
        failures.forEach(f -> out.println("  FAILED: " + f));
        out.println("RESULT: FAIL (" + failures.size() + " step(s))");
        return Main.FAILED;
    }

    private static String counters(CallOutcome.Side side) {
        return side.sent() + "/" + side.received() + "/" + side.authFailures();
    }
}
