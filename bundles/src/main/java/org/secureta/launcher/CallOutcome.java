package org.secureta.launcher;

/**
 * One secure call of the demo as both units saw it.
 *
 * @param keyManagement the key management both units were set to
 * @param tls the transport's verdict for the INVITE's hop (protocol, suite, certificate check),
 *            empty when the transport does not report it
 */
record CallOutcome(String keyManagement, String caller, String callee, String tls, Side callerSide, Side calleeSide) {

    /**
     * One unit's view of the call, from its {@code ta:calls} line once the call ended.
     *
     * @param toneFrames received frames in which the tone the peer sends was detected after
     *                   SRTP unprotection: the audio decrypted
     */
    record Side(String unit, boolean secure, String keyManagement, String suite, long sent, long received, long authFailures,
                long replays, long toneFrames, String state, String reason, String media) {

        static Side of(String unit, String callsLine) {
            return new Side(unit, "yes".equals(RunningUnit.attribute(callsLine, "secure")), RunningUnit.attribute(callsLine, "keyManagement"),
                    RunningUnit.attribute(callsLine, "suite"), number(callsLine, "sent"), number(callsLine, "received"),
                    number(callsLine, "authFailures"), number(callsLine, "replays"), number(callsLine, "toneFrames"),
                    callsLine.split(" ").length > 3 ? callsLine.split(" ")[3] : "", RunningUnit.attribute(callsLine, "reason"),
                    RunningUnit.attribute(callsLine, "media"));
        }

        private static long number(String line, String attribute) {
            String v = RunningUnit.attribute(line, attribute);
            try {
                return v.isEmpty() ? -1 : Long.parseLong(v);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** What is wrong with this side of a call that should have been secure with decrypting audio; empty if nothing. */
        String problems(String expectedKeyManagement) {
            StringBuilder p = new StringBuilder();
            if (!secure) {
                p.append(unit).append(": not secure; ");
            }
            if (!expectedKeyManagement.equals(keyManagement)) {
                p.append(unit).append(": key management ").append(keyManagement).append(", expected ").append(expectedKeyManagement).append("; ");
            }
            if (received <= 0) {
                p.append(unit).append(": received no packets; ");
            }
            if (authFailures != 0) {
                p.append(unit).append(": ").append(authFailures).append(" packets failed SRTP authentication; ");
            }
            if (toneFrames <= 0) {
                p.append(unit).append(": the peer's tone was never detected (audio did not decrypt); ");
            }
            return p.toString();
        }
    }

    boolean passed() {
        return callerSide.problems(keyManagement).isEmpty() && calleeSide.problems(keyManagement).isEmpty()
                && callerSide.suite().equals(calleeSide.suite());
    }
}
