package org.secureta.srtp.internal;

import org.secureta.srtp.CallAgentConfiguration;

/**
 * How many calls a line and the unit carry at once (SecureTA.MaxCallsPerLine, SecureTA.MaxCalls):
 * every call holds RTP and RTCP sockets and a share of the media sender, so a peer must not be
 * able to open them without bound. Past the line's limit the line is busy (486, RFC 3261 21.4.24);
 * past the unit's the unit is (503, 21.5.4).
 */
final class CallLimits {

    /** Whether one more call may start, and if not the response and the reason. */
    record Verdict(boolean allowed, int code, String phrase, String reason) {
        static final Verdict ALLOWED = new Verdict(true, 0, "", "");
    }

    private CallLimits() {
    }

    static Verdict check(CallAgentConfiguration config, CallRegistry registry, String line) {
        int unit = registry.live(null).size();
        if (unit >= config.maxCalls()) {
            return new Verdict(false, 503, "Service Unavailable",
                    "the unit carries " + unit + " calls, its limit (SecureTA.MaxCalls=" + config.maxCalls() + ")");
        }
        int onLine = registry.live(line).size();
        if (onLine >= config.maxCallsPerLine()) {
            return new Verdict(false, 486, "Busy Here",
                    "line " + line + " carries " + onLine + " calls, its limit (SecureTA.MaxCallsPerLine=" + config.maxCallsPerLine() + ")");
        }
        return Verdict.ALLOWED;
    }
}
